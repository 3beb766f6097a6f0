// `thingkit/runner`: every call in a Worker with a hard wall-clock limit. The types of the values
// that cross are those generated from the Rust types (thingkit.d.ts).
import type {
  BatchOutcome,
  Bytes,
  CodecOptions,
  Conversion,
  Format,
  DataCheckResult,
  DecodeOptions,
  EncodeOptions,
  Encoded,
  ErrorFields,
  JsonObject,
  JsonValue,
  Level,
  LogLine,
  ModelInput,
  ThingkitError,
  ValidationReport,
  VectorResult,
} from "./thingkit.js";

export interface RunnerOptions {
  /** The wall-clock limit of one call, in milliseconds (default 1000). Past it the worker is terminated and the call rejects with TK5005. */
  timeoutMs?: number;
}

/** A script compiled in the runner's worker; compiled again by itself in a new worker after a restart. */
export interface RunnerCodec {
  /** The conventions' functions the script defines. */
  readonly entrypoints: string[];
  /** Device bytes to the routine's result (TS013: the whole `{data, warnings?}`). */
  decode(bytes: Bytes, input?: DecodeOptions): Promise<JsonValue>;
  /** Many payloads in one message to the worker, as `Codec.decodeBatch`; the wall-clock limit is one call's per payload, and a batch that runs past it (its worker terminated) rejects as a whole. */
  decodeBatch(payloads: Bytes[], input?: DecodeOptions): Promise<BatchOutcome[]>;
  /** The Things Stack's `normalizeUplink({data})`, vocabulary violations added to `warnings`. */
  normalize(data: JsonValue): Promise<JsonObject>;
  /** A message to device bytes. */
  encode(message: JsonValue, fPort?: number): Promise<Uint8Array>;
  /** A message to device bytes with the routine's `fPort` and `warnings`. */
  encodeResult(message: JsonValue, options?: EncodeOptions): Promise<Encoded>;
  /** What the codec's last call in the worker logged. */
  logs(): Promise<LogLine[]>;
  /** Frees the script in the worker. */
  close(): void;
}

/** A thing model read and validated in the runner's worker; read again by itself in a new worker after a restart. */
export interface RunnerDataModel {
  /** Checks an Alink message at a `ValidateType` level (default `"weak"`), as `checkData` does. */
  check(message: JsonObject | string, level?: Level): Promise<DataCheckResult>;
  /** Frees the model in the worker. */
  close(): void;
}

/** The package's calls, each run in a Worker; every promise rejects with a `ThingkitError`. */
export interface Runner {
  validate(text: string): Promise<ValidationReport>;
  convert(text: string, to: Format): Promise<Conversion>;
  schema(format: Format): Promise<JsonObject>;
  checkData(model: ModelInput, message: JsonObject | string, level: Level): Promise<DataCheckResult>;
  /** Runs codec test vectors on a script, as `testCodec` does; the whole run is one call under the wall-clock limit. */
  testCodec(script: string, vectors: JsonValue, filter?: string): Promise<VectorResult[]>;
  /** Compiles `script` in the worker. */
  compile(script: string, options?: CodecOptions): Promise<RunnerCodec>;
  /** Reads and validates a thing model in the worker, once for any number of checks; rejects with all the `diagnostics` when it is invalid. */
  compileModel(model: ModelInput): Promise<RunnerDataModel>;
  /** Stops the worker; the next call starts another. */
  terminate(): void;
}

/** A runner (a Worker is started on its first call). */
export function createRunner(options?: RunnerOptions): Runner;

/** A `ThingkitError` rebuilt from its fields. */
export function thingkitError(fields: ErrorFields): ThingkitError;
