#pragma once
// SampleStatistics: the summary of a set of timing samples (seconds), as nvbench and Google
// Benchmark report them: mean, median, quartiles, standard deviation and relative noise.
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

struct SampleStatistics {
  std::size_t count = 0;
  double mean = 0;
  double median = 0;
  double stddev = 0;     // sample standard deviation (n - 1); 0 for fewer than two samples
  double rel_noise = 0;  // stddev / mean; 0 when mean is 0
  double min = 0;
  double max = 0;
  double q1 = 0;  // quartiles by linear interpolation between order statistics
  double q3 = 0;

  nlohmann::json to_json() const;
};

SampleStatistics compute_statistics(std::vector<double> samples);

// The q-quantile (0..1) of sorted values, linear interpolation; 0 for no values.
double sorted_quantile(const std::vector<double>& sorted, double q);

}  // namespace crucible
