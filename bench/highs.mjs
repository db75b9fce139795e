// bench/highs.mjs: HiGHS (the npm package `highs`: HiGHS compiled to
// WebAssembly, one thread) as a peer in the benchmark. Reads the model as
// `coalitions export-model --lp` wrote it (CPLEX LP format, "Maximize"),
// solves it within a time limit and a relative gap, and prints one line per
// new incumbent and a closing JSON line for bench/report.py:
//   highs-bench: incumbent V bound B at T
//   highs-bench: result {"status": ..., "objective": ..., "bound": ..., ...}
// T is seconds since this process started (loading the WebAssembly and
// reading the LP included). Bench only: not a dependency of the engine or
// of `make test`; bench/run.sh installs the package from the npm registry.
//
// usage: node bench/highs.mjs MODULE_DIR MODEL.lp TIME_LIMIT MIP_GAP
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const t0 = process.hrtime.bigint();
const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e9;
const [moduleDir, lpPath, limitText, gapText] = process.argv.slice(2);
if (!moduleDir || !lpPath || !limitText || !gapText) {
  console.error("usage: node bench/highs.mjs MODULE_DIR MODEL.lp TIME_LIMIT MIP_GAP");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const loadHighs = require(moduleDir);
const version = JSON.parse(readFileSync(`${moduleDir}/package.json`, "utf8")).version;
const highs = await loadHighs();
const model = highs.createModel({ format: "lp", data: readFileSync(lpPath, "utf8") });
const read_s = elapsed();
console.log(`highs-bench: model read at ${read_s.toFixed(3)}`);
model.options.set({
  time_limit: Number(limitText),
  mip_rel_gap: Number(gapText),
  output_flag: false,
});
let best = null;
model.run({
  [highs.constants.callbackType.mipImprovingSolution](ev) {
    const v = ev.data.objective_function_value;
    if (v === undefined || (best !== null && v <= best)) return;
    best = v;
    console.log(`highs-bench: incumbent ${v} bound ${ev.data.mip_dual_bound} at ${elapsed().toFixed(3)}`);
  },
});
const ms = highs.constants.modelStatus;
const st = model.getModelStatus();
const names = Object.fromEntries(Object.entries(ms).map(([k, v]) => [v, k]));
const hasSol = Number(model.info.get("primal_solution_status")) === 2;
const result = {
  version,
  model_status: names[st] ?? String(st),
  status: st === ms.optimal ? "optimal" : st === ms.infeasible ? "infeasible" : hasSol ? "feasible" : "no_solution",
  objective: hasSol ? model.getObjectiveValue() : null,
  bound: hasSol || st === ms.optimal ? Number(model.info.get("mip_dual_bound")) : null,
  read_s,
  run_s: model.getRunTime(),
};
console.log(`highs-bench: result ${JSON.stringify(result)}`);
model.dispose();
