#pragma once
// The subcommands of `crucible`; each returns an exit code (<crucible/exit_codes.hpp>).
#include <string>
#include <vector>

namespace crucible {

int run_command(const std::vector<std::string>& args);
int list_command(const std::vector<std::string>& args);
// `crucible NAME ...` where NAME is a command a plugin provides (e.g. `crucible kato predict`).
// Returns -1 when no plugin provides it.
int plugin_command(const std::string& name, const std::vector<std::string>& args);

// Comparison, reporting and history.
int compare_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int history_command(const std::vector<std::string>& args);
int ab_command(const std::vector<std::string>& args);
int calibrate_command(const std::vector<std::string>& args);
// Fleet runs: shards merged (merge), and shards as a Slurm job array (slurm submit|status).
int merge_command(const std::vector<std::string>& args);
int slurm_command(const std::vector<std::string>& args);

extern const char* const kCompareHelp;
extern const char* const kReportHelp;
extern const char* const kHistoryHelp;
extern const char* const kAbHelp;
extern const char* const kCalibrateHelp;
extern const char* const kMergeHelp;
extern const char* const kSlurmHelp;

extern const char* const kRunHelp;
extern const char* const kListHelp;

}  // namespace crucible
