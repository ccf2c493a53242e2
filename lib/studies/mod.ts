/**
 * The studies: one module per task (data + typed options + a run context → a typed result and its
 * results.json form), and the building blocks they share — GP fitting, landscapes and ν sweeps,
 * NN exploration, ensembles of minima, robustness, MSB feature relevance, the comparison summary.
 * This is the only layer that combines models, the engine and the analyses.
 * @module
 */
export * from "./context.ts";
export * from "./gp/fit.ts";
export * from "./gp/ensemble.ts";
export * from "./gp/nu_sweep.ts";
export * from "./gp/landscape.ts";
export * from "./nn_explore.ts";
export * from "./ensemble_methods.ts";
export * from "./robustness.ts";
export * from "./msb_relevance.ts";
export * from "./comparison_summary.ts";
export * from "./sweep_nu.ts";
export * from "./sweep_nu_report.ts";
export * from "./nn_landscape.ts";
export * from "./nn_landscape_report.ts";
export * from "./ensembles.ts";
export * from "./ensembles_report.ts";
export * from "./auc_vs_ce.ts";
export * from "./auc_vs_ce_report.ts";
export * from "./feature_relevance.ts";
export * from "./feature_relevance_report.ts";
export * from "./compare.ts";
export * from "./compare_report.ts";
export * from "./gp_fit.ts";
export * from "./gp_fit_report.ts";
export * from "./landscape_demo.ts";
export * from "./explore.ts";
export * from "./explore_report.ts";
export * from "./landscape_demo_report.ts";
export * from "./selftest.ts";
export * from "./selftest_report.ts";
export * from "./rates.ts";
export * from "./rates_report.ts";
export * from "./connectivity_report.ts";
