/**
 * Special functions in float64: K_ν with derivatives in x and ν, log-gamma, digamma.
 * @module
 */
export {
  besselK,
  besselKDerivNu,
  besselKDerivX,
  besselKe,
  type BesselKParts,
  besselKParts,
  logBesselK,
} from "./besselk.ts";
export { digamma, gamma, logGamma } from "./gamma.ts";
export * from "./matern.ts";
