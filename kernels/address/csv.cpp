#include "address/csv.hpp"

namespace address {

CsvReader::CsvReader(std::string_view data, std::size_t offset, std::uint64_t line)
    : data_(data), pos_(offset), line_(line) {
  if (pos_ == 0 && data_.substr(0, 3) == "\xef\xbb\xbf") pos_ = 3;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t used = 0;  // scratch strings in use for this record
  const std::size_t n = data_.size();
  if (pos_ >= n) return false;
  record_line_ = line_;
  std::size_t p = pos_;
  for (;;) {
    if (p < n && data_[p] == '"') {
      const std::uint64_t opened = line_;
      std::size_t q = p + 1;
      std::string* unescaped = nullptr;
      std::size_t run = q;  // start of the bytes not yet copied into `unescaped`
      for (;;) {
        if (q >= n) throw CsvError(opened, "line " + std::to_string(opened) + ": quoted field never closed");
        const char c = data_[q];
        if (c == '"') {
          if (q + 1 < n && data_[q + 1] == '"') {
            if (!unescaped) {
              if (used == scratch_.size()) scratch_.emplace_back();
              unescaped = &scratch_[used++];
              unescaped->clear();
            }
            unescaped->append(data_.substr(run, q + 1 - run));
            q += 2;
            run = q;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        ++q;
      }
      if (unescaped) {
        unescaped->append(data_.substr(run, q - run));
        fields.emplace_back(*unescaped);
      } else {
        fields.push_back(data_.substr(p + 1, q - p - 1));
      }
      p = q + 1;  // past the closing quote
      if (p < n && data_[p] != ',' && data_[p] != '\n' && !(data_[p] == '\r' && p + 1 < n && data_[p + 1] == '\n') &&
          !(data_[p] == '\r' && p + 1 == n))
        throw CsvError(line_, "line " + std::to_string(line_) + ": characters after a closing quote");
    } else {
      std::size_t q = p;
      while (q < n && data_[q] != ',' && data_[q] != '\n' && !(data_[q] == '\r' && (q + 1 == n || data_[q + 1] == '\n'))) ++q;
      fields.push_back(data_.substr(p, q - p));
      p = q;
    }
    if (p >= n) break;
    if (data_[p] == ',') {
      ++p;
      continue;
    }
    if (data_[p] == '\r') ++p;
    if (p < n && data_[p] == '\n') ++p;
    ++line_;
    break;
  }
  pos_ = p;
  return true;
}

namespace {
// One pass over the bytes (find_first_of would search the four characters per byte).
bool needs_quotes(std::string_view field) {
  for (const char c : field)
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  return false;
}
}  // namespace

void append_csv_field(std::string& out, std::string_view field) {
  if (!needs_quotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_csv_record(std::string& out, const std::vector<std::string_view>& fields) {
  if (fields.size() == 1 && fields[0].empty()) out.append("\"\"");
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    append_csv_field(out, fields[i]);
  }
  out.append("\r\n");
}

}  // namespace address
