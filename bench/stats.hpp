// Small statistics helpers for the benchmarks: percentiles of a sample.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace escale::bench {

// Nearest-rank percentile (p in 0..100) of a sample; sorts a copy.
inline double percentile(std::vector<double> sample, double p) {
  if (sample.empty()) return 0;
  std::sort(sample.begin(), sample.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sample.size())));
  return sample[std::clamp<std::size_t>(rank, 1, sample.size()) - 1];
}

}  // namespace escale::bench
