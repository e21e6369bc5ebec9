#pragma once
// RFC 4180 CSV: a reader over bytes in memory (a mapped file) that yields one record at a time
// with its line number and the byte offset after it, so that a job can stop after any record
// and resume there; and a writer that quotes exactly the fields that need it. Accepted: LF or
// CRLF line ends, quoted fields with "" escapes and embedded commas and line breaks, a UTF-8
// byte-order mark before the header. Rejected, naming the line: a quoted field never closed,
// and characters after a closing quote. Field bytes are not checked for UTF-8 here: a row's
// text is checked where it is parsed, so that one bad row does not fail the file.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace address {

struct CsvError : std::runtime_error {
  CsvError(std::uint64_t line, const std::string& what) : std::runtime_error(what), line(line) {}
  std::uint64_t line;
};

class CsvReader {
 public:
  // `data` must outlive the reader; `offset` is where to start (0, or a record's end).
  explicit CsvReader(std::string_view data, std::size_t offset = 0, std::uint64_t line = 1);
  // Reads the next record into `fields` (cleared first); false at the end of the data. Fields
  // point into `data`, or into `scratch` for quoted fields with escapes (valid until the next
  // call). Throws CsvError.
  bool next(std::vector<std::string_view>& fields);
  std::size_t offset() const { return pos_; }   // byte offset after the last record read
  std::uint64_t line() const { return line_; }  // line number where the next record starts
  std::uint64_t record_line() const { return record_line_; }  // line where the last record began

 private:
  std::string_view data_;
  std::size_t pos_;
  std::uint64_t line_, record_line_ = 0;
  std::deque<std::string> scratch_;  // a deque: growing it never moves the strings fields point into
};

// Appends `field`, quoted when it holds a comma, a quote, CR or LF (quotes doubled), or when it
// is empty and the only field of its record (so that the line is not blank).
void append_csv_field(std::string& out, std::string_view field);
// Appends fields separated by commas and a CRLF line end.
void append_csv_record(std::string& out, const std::vector<std::string_view>& fields);

}  // namespace address
