/**
 * Pre-screen rules over symbols: metadata rules (symbols, market cap, sector) and bar rules (price, dollar
 * volume, volatility) applied to the metrics the Rust screener computed. Each rejected symbol is counted
 * once, under the first rule it fails in {@link PRESCREEN_RULES} order.
 */
import type { SymbolMeta } from "./meta.js";
import type { PrescreenSpec } from "./spec.js";
import { PRESCREEN_RULES, type PrescreenRule, type RejectCounts } from "../types/scan.js";

/** Zero for every rule. */
export function emptyRejects(): RejectCounts {
  return Object.fromEntries(PRESCREEN_RULES.map((r) => [r, 0])) as RejectCounts;
}

/** Per-symbol metrics from `prescreenBatch` (as of the reference bar). */
export interface BarMetrics {
  lastClose: number;
  avgDollarVolume: number;
  volatility: number;
}

/** True when a rule needs the metadata file. */
export function needsMeta(p: PrescreenSpec): { any: boolean; sector: boolean; marketCap: boolean } {
  const sectors = p.sectors !== null && Object.keys(p.sectors).length > 0;
  const sectorCap = sectors && Object.values(p.sectors!).some((s) => s.min_market_cap !== null);
  const marketCap = p.min_market_cap !== null || sectorCap;
  return { any: sectors || marketCap, sector: sectors, marketCap };
}

/** True when a rule needs recent bars. */
export function needsBars(p: PrescreenSpec): boolean {
  const sectorDv = p.sectors !== null && Object.values(p.sectors).some((s) => s.min_avg_dollar_volume !== null);
  return p.min_price !== null || p.min_avg_dollar_volume !== null || p.max_volatility !== null || p.max_price_to_dollar_volume !== null || sectorDv;
}

/**
 * The first symbol or metadata rule `symbol` fails, or undefined when it passes. `meta` is required when
 * {@link needsMeta} says so; a symbol missing from it fails `no_metadata`, an empty market cap fails the
 * market-cap rules.
 */
export function metadataRule(symbol: string, p: PrescreenSpec, meta: Map<string, SymbolMeta> | undefined, pattern?: RegExp): PrescreenRule | undefined {
  const s = p.symbols;
  if (s !== null) {
    if (s.include !== null && !s.include.includes(symbol)) return "symbols";
    if (s.exclude !== null && s.exclude.includes(symbol)) return "symbols";
    if (pattern !== undefined && !pattern.test(symbol)) return "symbols";
  }
  if (!needsMeta(p).any) return undefined;
  const m = meta?.get(symbol);
  if (m === undefined) return "no_metadata";
  if (p.min_market_cap !== null && !(m.marketCap !== null && m.marketCap >= p.min_market_cap)) return "min_market_cap";
  const sector = m.sector === null ? undefined : p.sectors?.[m.sector];
  if (sector?.min_market_cap != null && !(m.marketCap !== null && m.marketCap >= sector.min_market_cap)) return "sector_min_market_cap";
  return undefined;
}

/**
 * The first bar rule the metrics fail, or undefined. A NaN metric (too few days of bars) fails its rule.
 * `price_to_dollar_volume` = last close / average daily dollar volume.
 */
export function barRule(m: BarMetrics, p: PrescreenSpec, meta: SymbolMeta | undefined): PrescreenRule | undefined {
  if (p.min_price !== null && !(m.lastClose >= p.min_price)) return "min_price";
  if (p.min_avg_dollar_volume !== null && !(m.avgDollarVolume >= p.min_avg_dollar_volume)) return "min_avg_dollar_volume";
  const sector = meta?.sector == null ? undefined : p.sectors?.[meta.sector];
  if (sector?.min_avg_dollar_volume != null && !(m.avgDollarVolume >= sector.min_avg_dollar_volume)) return "sector_min_avg_dollar_volume";
  if (p.max_volatility !== null && !(m.volatility <= p.max_volatility)) return "max_volatility";
  if (p.max_price_to_dollar_volume !== null && !(m.lastClose / m.avgDollarVolume <= p.max_price_to_dollar_volume)) return "max_price_to_dollar_volume";
  return undefined;
}

/**
 * Checks that every sector named in the rules exists in the metadata.
 *
 * # Errors
 * Throws `prescreen.sectors.<name>: no such sector in meta file <file> (sectors: ...)`.
 */
export function checkSectors(p: PrescreenSpec, meta: Map<string, SymbolMeta>, file: string): void {
  const have = new Set([...meta.values()].map((m) => m.sector).filter((s): s is string => s !== null));
  for (const name of Object.keys(p.sectors ?? {})) {
    if (!have.has(name)) {
      throw new Error(`prescreen.sectors.${name}: no such sector in meta file ${file} (sectors: ${[...have].sort().join(", ")})`);
    }
  }
}
