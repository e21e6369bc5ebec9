#pragma once
// Reading Slurm's accounting and queue: the state of each task of a job array, from
// `sacct -n -P -X -j JOB -o JobID,State` (lines "JOB_TASK|STATE", "JOB_[0-3]|PENDING" for
// tasks not started).
#include <map>
#include <string>

namespace crucible {

// Per shard index (array task + 1), the task's state ("COMPLETED", "FAILED", "TIMEOUT", ...;
// "CANCELLED by 1000" is kept whole). A pending range "JOB_[0-3%2]" gives every task in it.
std::map<int, std::string> parse_sacct_task_states(const std::string& sacct_output, const std::string& job);

// Each task's state as the cluster knows it now: sacct's accounting where it is kept, then
// squeue's (which has the live state, and finished tasks for the controller's MinJobAge on
// clusters without accounting). Empty when neither command is there or knows the job.
std::map<int, std::string> query_task_states(const std::string& job);

// True for a Slurm job id as the commands take it: digits, optionally "_TASK".
bool is_slurm_job_id(const std::string& text);

}  // namespace crucible
