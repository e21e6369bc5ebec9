#include <limits>
#include <queue>

#include "vl_preproc/tokenizer/bpe_model.hpp"

namespace vl::tokenizer {
namespace {

constexpr std::uint32_t kNoRank = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kScanLimit = 48;  // longer pieces use the priority queue

void initial_symbols(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& syms) {
  syms.clear();
  for (const char ch : piece) {
    const std::int32_t id = model.byte_id[static_cast<unsigned char>(ch)];
    if (id >= 0) syms.push_back(id);
  }
}

}  // namespace

void bpe_merge_scan(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& out) {
  thread_local std::vector<std::int32_t> syms;
  thread_local std::vector<MergeRule> rules;  // rules[i]: the pair (syms[i], syms[i+1])
  initial_symbols(model, piece, syms);
  rules.clear();
  auto rule_of = [&](std::size_t i) {
    const MergeRule* r = model.find_merge(syms[i], syms[i + 1]);
    return r ? *r : MergeRule{kNoRank, -1};
  };
  for (std::size_t i = 0; i + 1 < syms.size(); ++i) rules.push_back(rule_of(i));
  while (!rules.empty()) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < rules.size(); ++i)
      if (rules[i].rank < rules[best].rank) best = i;
    if (rules[best].rank == kNoRank) break;
    syms[best] = rules[best].merged;
    syms.erase(syms.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(best));
    if (best > 0) rules[best - 1] = rule_of(best - 1);
    if (best < rules.size()) rules[best] = rule_of(best);
  }
  out.insert(out.end(), syms.begin(), syms.end());
}

void bpe_merge_heap(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& out) {
  struct Symbol {
    std::int32_t id;
    std::int32_t prev;
    std::int32_t next;
    bool alive;
  };
  struct Candidate {
    std::uint32_t rank;
    std::int32_t pos;
    std::int32_t merged;
    bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
  };
  thread_local std::vector<std::int32_t> ids;
  initial_symbols(model, piece, ids);
  std::vector<Symbol> sym(ids.size());
  const auto n = static_cast<std::int32_t>(ids.size());
  for (std::int32_t i = 0; i < n; ++i) sym[static_cast<std::size_t>(i)] = {ids[static_cast<std::size_t>(i)], i - 1, i + 1 < n ? i + 1 : -1, true};
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  auto push_pair = [&](std::int32_t left) {
    if (left < 0) return;
    const std::int32_t right = sym[static_cast<std::size_t>(left)].next;
    if (right < 0) return;
    if (const MergeRule* r = model.find_merge(sym[static_cast<std::size_t>(left)].id, sym[static_cast<std::size_t>(right)].id))
      queue.push({r->rank, left, r->merged});
  };
  for (std::int32_t i = 0; i + 1 < n; ++i) push_pair(i);
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    Symbol& left = sym[static_cast<std::size_t>(top.pos)];
    if (!left.alive || left.next < 0) continue;
    Symbol& right = sym[static_cast<std::size_t>(left.next)];
    const MergeRule* r = model.find_merge(left.id, right.id);
    if (r == nullptr || r->merged != top.merged) continue;  // stale: the pair has changed
    left.id = top.merged;
    right.alive = false;
    left.next = right.next;
    if (right.next >= 0) sym[static_cast<std::size_t>(right.next)].prev = top.pos;
    push_pair(left.prev);
    push_pair(top.pos);
  }
  for (const Symbol& s : sym)
    if (s.alive) out.push_back(s.id);
}

void bpe_merge(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& out) {
  if (model.ignore_merges) {
    const auto it = model.bytes_to_id.find(std::string(piece));
    if (it != model.bytes_to_id.end()) {
      out.push_back(it->second);
      return;
    }
  }
  if (piece.size() <= kScanLimit)
    bpe_merge_scan(model, piece, out);
  else
    bpe_merge_heap(model, piece, out);
}

}  // namespace vl::tokenizer
