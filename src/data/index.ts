/**
 * Data loading: everything a user's bars pass through before reaching the Rust engine.
 * See docs/data.md for the detection rules, validation rules and the import format.
 */
export { openDataset } from "./dataset.js";
export { sliceBarBatch } from "./batch.js";
export { importDataset } from "./import.js";
export { DataError, FileError } from "./errors.js";
export { symbolFromFileName } from "./symbols.js";
export {
  RULES,
  type BarBatch,
  type BarIndex,
  type Dataset,
  type BadRowPolicy,
  type DatasetDescription,
  type DatasetLayout,
  type FileDescription,
  type ImportReport,
  type LoadOptions,
  type LoadReport,
  type LoadWindow,
  type RuleName,
  type SkipCounts,
  type SkippedRow,
} from "./types.js";
