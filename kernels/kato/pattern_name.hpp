#pragma once
// KATO pattern names: sha1(utf8(str(pattern_data))).hexdigest(), where str() is
// CPython's repr of a list of lists of str. Reproducing repr exactly is what makes our
// names equal to the names of a real KATO knowledge base.
#include <string>
#include <vector>

namespace kato {

using Events = std::vector<std::vector<std::string>>;

// CPython repr() of one str (quote choice and escapes as in unicode_repr).
// Limitation: str.isprintable() needs the Unicode database; we treat as non-printable
// only C0/C1 controls, DEL, U+00A0, U+00AD, U+1680, U+2000-U+200F, U+2028-U+202F,
// U+205F-U+2064, U+3000, U+FEFF, surrogates and private-use ranges; other non-ASCII
// code points (including unassigned ones) are kept as printable.
std::string python_repr(const std::string& utf8);

// CPython str() of a list of lists of str, e.g. "[['a', 'b'], ['c']]".
std::string python_repr(const Events& events);

// Lower-case hex SHA-1 of arbitrary bytes.
std::string sha1_hex(const std::string& bytes);

// The 40-hex name KATO gives the pattern `events`.
std::string pattern_name(const Events& events);

}  // namespace kato
