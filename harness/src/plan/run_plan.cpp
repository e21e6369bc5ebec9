#include "plan/run_plan.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <crucible/axis_domain.hpp>

namespace crucible {

namespace {

bool glob_match(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}
bool is_glob(const std::string& pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

std::string join_names(const nlohmann::json& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item.is_string() ? item.get<std::string>() : item.value("name", "?");
  }
  return out.empty() ? "none" : out;
}

std::vector<unsigned> resolve_threads(const std::vector<int>& requested) {
  const unsigned all = std::max(1u, std::thread::hardware_concurrency());
  std::vector<unsigned> out;
  for (int t : requested) {
    const unsigned n = t == 0 ? all : static_cast<unsigned>(t);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

}  // namespace

std::vector<nlohmann::json> parameter_sets(const nlohmann::json& workload, const Selection& selection) {
  // Each axis's values, the selection's overrides applied; the product is checked before any
  // set is built.
  std::vector<std::pair<std::string, nlohmann::json>> axes;
  double product = 1;
  std::string sizes;
  for (const auto& axis_name : workload.value("axis_order", nlohmann::json::array())) {
    const std::string name = axis_name.get<std::string>();
    nlohmann::json values = workload["axes"][name];
    const AxisDomain domain = AxisDomain::from_json(workload.value("axis_domains", nlohmann::json::object()).value(name, nlohmann::json()));
    for (const auto& axis : selection.axes) {
      if (axis.name != name) continue;
      values = axis.values;
      for (const auto& value : values) {
        if (auto why = domain.reject(value)) {
          throw SuiteError(axis.where, "axis '" + name + "' of workload '" + workload.value("name", "") + "' " + *why);
        }
      }
    }
    product *= static_cast<double>(values.size());
    sizes += (sizes.empty() ? "" : " x ") + name + ": " + std::to_string(values.size());
    axes.emplace_back(name, std::move(values));
  }
  if (product > static_cast<double>(kMaxParameterSets)) {
    throw SuiteError(selection.where, "workload '" + workload.value("name", "") + "' would expand to " +
                                          std::to_string(static_cast<long long>(product)) + " parameter sets (" + sizes +
                                          "), more than the limit of " + std::to_string(kMaxParameterSets) +
                                          "; select fewer axis values");
  }
  std::vector<nlohmann::json> sets{nlohmann::json::object()};
  for (const auto& [name, values] : axes) {
    std::vector<nlohmann::json> next;
    for (const auto& partial : sets) {
      for (const auto& value : values) {
        auto extended = partial;
        extended[name] = value;
        next.push_back(std::move(extended));
      }
    }
    sets = std::move(next);
  }
  return sets;
}

namespace {

void plan_peer(const PeerSpec& peer, const SuiteSpec& suite, const std::vector<PluginEntry>& plugins,
               const RunOptions& options, RunPlan& plan) {
  PlannedPeer p{PlannedCase{peer.case_name(), "", "", {}}, peer};
  if (p.spec.threads == 0) p.spec.threads = static_cast<int>(resolve_threads({0}).front());
  if (options.props_only || !suite.bench.enabled) return;  // peers are benchmarks
  if (options.only && !glob_match(*options.only, p.planned.name)) return;
  const auto plugin = std::find_if(plugins.begin(), plugins.end(), [&](const auto& e) { return e.name == peer.plugin; });
  if (plugin == plugins.end()) {
    std::string found;
    for (const auto& e : plugins) found += (found.empty() ? "" : ", ") + e.name;
    throw SuiteError(peer.where, "[[peer]] names plugin '" + peer.plugin + "', which was not found (found: " +
                                     (found.empty() ? "none" : found) + ")");
  }
  if (!plugin->ok()) {
    p.planned.load_error = plugin->error;
    plan.peers.push_back(std::move(p));
    return;
  }
  const nlohmann::json* workload = nullptr;
  for (const auto& w : plugin->description["workloads"]) {
    if (w.value("name", "") == peer.workload) workload = &w;
  }
  if (!workload) {
    throw SuiteError(peer.where, "[[peer]] names workload '" + peer.workload + "', which plugin '" + peer.plugin +
                                     "' does not have; its workloads: " + join_names(plugin->description["workloads"]));
  }
  const auto& variants = (*workload)["variants"];
  if (std::none_of(variants.begin(), variants.end(), [&](const auto& v) { return v["name"] == peer.reference; })) {
    throw SuiteError(peer.where, "[[peer]] reference '" + peer.reference + "' is not a variant of " + peer.plugin + "/" +
                                     peer.workload + "; its variants: " + join_names(variants));
  }
  // The parameter sets of the selection that benchmarks this workload: the peer times the same job.
  const Selection* selection = nullptr;
  for (const auto& s : suite.selections) {
    if (!selection && glob_match(s.plugin, peer.plugin) && glob_match(s.workload, peer.workload)) selection = &s;
  }
  if (!selection) {
    throw SuiteError(peer.where, "no [[select]] of this suite selects " + peer.plugin + "/" + peer.workload +
                                     ", so its peer has nothing to stand beside; add one");
  }
  if (!workload->value("exports_input", false)) {
    p.planned.skip_reason = peer.plugin + "/" + peer.workload + " exports no input for peers (it declares no exports())";
  }
  WorkerTask& task = p.planned.task;
  task.kind = TaskKind::peer_input;
  task.plugin_path = plugin->path.string();
  task.plugin = plugin->name;
  task.workload = peer.workload;
  task.variant = peer.reference;
  task.seed = plan.seed;
  task.param_sets = parameter_sets(*workload, *selection);
  if (options.smoke && task.param_sets.size() > 1) task.param_sets.resize(1);
  plan.peers.push_back(std::move(p));
}

}  // namespace

RunPlan plan_run(const SuiteSpec& suite, const std::vector<PluginEntry>& plugins, const RunOptions& options) {
  RunPlan plan;
  plan.seed = options.seed.value_or(suite.seed);
  if (plan.seed == 0) plan.seed = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);

  const bool props = suite.props.enabled && !options.bench_only;
  const bool determinism = suite.determinism.enabled && !options.bench_only;
  const bool bench = suite.bench.enabled && !options.props_only;
  const auto determinism_threads = resolve_threads(suite.determinism.threads);
  const auto all_threads = resolve_threads({1, 0});
  std::set<std::string> planned;
  // The selection that chose each variant case: a second one would bring other axes or timing
  // for the same case, and which should win is not the suite's to guess.
  std::map<std::string, SourceLocation> chosen_by;

  auto add = [&](PlannedCase c) {
    if (options.only && !glob_match(*options.only, c.name)) return;
    if (!planned.insert(c.name).second) return;
    plan.cases.push_back(std::move(c));
  };
  auto add_variant = [&](PlannedCase c, const Selection& selection) {
    if (auto [it, first] = chosen_by.emplace(c.name, selection.where); !first) {
      throw SuiteError(selection.where, "selects '" + c.name + "' again, already selected by the [[select]] at " +
                                            it->second.str() +
                                            "; select each variant once (split the variants or workloads between them)");
    }
    add(std::move(c));
  };

  for (const auto& selection : suite.selections) {
    bool any_plugin = false, workload_found = false;
    // An axis override must name an axis of at least one selected workload (a glob may
    // select workloads that lack it: those keep their own axes).
    std::set<std::string> axes_seen;
    std::string axes_of_matches;
    for (const auto& plugin : plugins) {
      if (!glob_match(selection.plugin, plugin.name)) continue;
      any_plugin = true;
      if (!plugin.ok()) {
        add(PlannedCase{plugin.name + "/(load)", "", plugin.error, {}});
        continue;
      }
      bool any_workload = false;
      for (const auto& workload : plugin.description["workloads"]) {
        const std::string wname = workload.value("name", "");
        if (!glob_match(selection.workload, wname)) continue;
        any_workload = true;
        for (const auto& axis : workload["axis_order"]) axes_seen.insert(axis.get<std::string>());
        axes_of_matches += (axes_of_matches.empty() ? "" : "; ") + plugin.name + "/" + wname + ": " +
                           join_names(workload["axis_order"]);
        for (const auto& v : selection.variants) {
          const auto& variants = workload["variants"];
          if (std::none_of(variants.begin(), variants.end(), [&](const auto& x) { return x["name"] == v; })) {
            throw SuiteError(selection.where, "workload '" + plugin.name + "/" + wname + "' has no variant '" + v +
                                                  "'; its variants: " + join_names(variants));
          }
        }
        auto param_sets = parameter_sets(workload, selection);
        if (options.smoke && param_sets.size() > 1) param_sets.resize(1);
        WorkerTask base;
        base.plugin_path = plugin.path.string();
        base.plugin = plugin.name;
        base.workload = wname;
        base.seed = plan.seed;
        base.reproduce = options.reproduce;
        base.props.enabled = props;
        base.props.cases = suite.props.cases;
        base.props.max_size = suite.props.max_size;
        if (props && !workload["properties"].empty()) {
          auto task = base;
          task.kind = TaskKind::laws;
          task.properties = workload["properties"].get<std::vector<std::string>>();
          add(PlannedCase{plugin.name + "/" + wname + "/laws", "", "", task});
        }
        for (const auto& variant : workload["variants"]) {
          const std::string vname = variant["name"];
          if (!selection.variants.empty() &&
              std::find(selection.variants.begin(), selection.variants.end(), vname) == selection.variants.end()) {
            continue;
          }
          const bool threaded = variant.value("threads", false);
          auto task = base;
          task.kind = TaskKind::variant;
          task.variant = vname;
          task.threaded = threaded;
          task.param_sets = param_sets;
          for (const auto& eq : workload["equivalences"]) {
            if (eq["variant"] != vname) continue;
            task.properties.push_back(eq["name"]);
            if (eq["metric"] == "bitwise") task.determinism.reference = eq["reference"].get<std::string>();
          }
          task.props.threads = threaded ? all_threads.back() : 1u;
          task.determinism.enabled = determinism;
          task.determinism.repeats = suite.determinism.repeats;
          task.determinism.threads = threaded ? determinism_threads : std::vector<unsigned>{1};
          BenchConfig& b = task.bench;
          b.enabled = bench;
          b.repetitions = options.repetitions.value_or(suite.bench.repetitions);
          b.min_time_s = options.min_time_s.value_or(suite.bench.min_time_s);
          b.warmup = suite.bench.warmup;
          b.timing = selection.timing.empty() ? suite.bench.timing : selection.timing;
          b.noise_target = suite.bench.noise_target;
          b.time_budget_s = suite.bench.time_budget_s;
          b.threads = threaded ? all_threads : std::vector<unsigned>{1};
          add_variant(PlannedCase{plugin.name + "/" + wname + "/" + vname, variant.value("unmet", ""), "", task}, selection);
        }
      }
      workload_found |= any_workload;
      // A plugin glob filters: plugins without the named workload are passed over.
      if (!any_workload && !is_glob(selection.workload) && !is_glob(selection.plugin)) {
        throw SuiteError(selection.where, "plugin '" + plugin.name + "' has no workload '" + selection.workload +
                                              "'; its workloads: " + join_names(plugin.description["workloads"]));
      }
    }
    for (const auto& axis : selection.axes) {
      if (any_plugin && !axes_seen.empty() && !axes_seen.count(axis.name)) {
        throw SuiteError(axis.where, "no selected workload has an axis '" + axis.name + "'; their axes: " +
                                         axes_of_matches);
      }
    }
    if (!any_plugin && !is_glob(selection.plugin)) {
      std::string found;
      for (const auto& p : plugins) found += (found.empty() ? "" : ", ") + p.name;
      throw SuiteError(selection.where, "no plugin named '" + selection.plugin + "' was found (found: " +
                                            (found.empty() ? "none" : found) +
                                            "); see --plugins and CRUCIBLE_PLUGIN_PATH");
    }
    if (any_plugin && !workload_found && !is_glob(selection.workload) && is_glob(selection.plugin)) {
      throw SuiteError(selection.where, "no loaded plugin matching '" + selection.plugin + "' has a workload '" +
                                            selection.workload + "' (see crucible list)");
    }
  }
  for (const auto& peer : suite.peers) plan_peer(peer, suite, plugins, options, plan);
  return plan;
}

}  // namespace crucible
