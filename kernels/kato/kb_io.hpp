#pragma once
// Knowledge base files. JSON Lines is the interchange form (one pattern per line:
// {"name": ..., "events": [[...], ...], "frequency": n}); the binary form stores the
// vocabulary in id order plus the pattern arrays, for a fast start with identical ids.
// Errors throw KbError whose message starts with the file name (and ":LINE" for JSONL).
#include <stdexcept>
#include <string>

#include "kato/knowledge_base.hpp"

namespace kato {

struct KbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "name" is optional (computed when absent), "frequency" optional (default 1, >= 1),
// "events" required. Blank lines are skipped. Patterns go to the stable tier; the
// vocabulary is built in file order. A repeated name is an error.
KnowledgeBase load_jsonl(const std::string& path, std::size_t promote_threshold = 1000);
// The file's bytes; the caller writes them (atomically: a knowledge base rewritten in place
// must survive the writer being killed).
std::string to_jsonl(const KnowledgeBase& kb);

// Parses one JSON Lines record (exposed for tests); `where` prefixes error messages.
void add_jsonl_record(KnowledgeBase& kb, const std::string& line, const std::string& where);

KnowledgeBase load_binary(const std::string& path, std::size_t promote_threshold = 1000);
std::string to_binary(const KnowledgeBase& kb);

// Reads an STM/state file: a JSON array of events, each an array of strings.
Events load_events_json(const std::string& path);

}  // namespace kato
