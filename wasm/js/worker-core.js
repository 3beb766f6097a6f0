// The worker's side of the runner: calls into the package, codecs and data models by handle, and
// errors sent back as plain fields (an Error does not survive structured cloning with its own
// properties).
export function serve(thingkit, post) {
  /** Codecs and data models, by handle. */
  const codecs = new Map();
  const ops = {
    validate: (text) => thingkit.validate(text),
    convert: (text, to) => thingkit.convert(text, to),
    schema: (name) => thingkit.schema(name),
    checkData: (model, message, level) => thingkit.checkData(model, message, level),
    testCodec: (script, vectors, filter) => thingkit.testCodec(script, vectors, filter),
    compile(handle, script, options) {
      const codec = new thingkit.Codec(script, options);
      codecs.set(handle, codec);
      return codec.entrypoints;
    },
    model(handle, model) {
      codecs.set(handle, new thingkit.DataModel(model));
    },
    check: (handle, message, level) => codecs.get(handle).check(message, level),
    decode: (handle, bytes, input) => codecs.get(handle).decode(bytes, input),
    decodeBatch: (handle, payloads, input) => codecs.get(handle).decodeBatch(payloads, input),
    normalize: (handle, data) => codecs.get(handle).normalize(data),
    encode: (handle, message, fPort) => codecs.get(handle).encode(message, fPort),
    encodeResult: (handle, message, options) => codecs.get(handle).encodeResult(message, options),
    logs: (handle) => codecs.get(handle).logs,
    close(handle) {
      codecs.get(handle)?.free();
      codecs.delete(handle);
    },
  };
  return ({ id, op, args }) => {
    if (id) post({ id, started: true });
    try {
      const result = ops[op](...args);
      if (id) post({ id, result });
    } catch (e) {
      const error = { message: String(e?.message ?? e), code: e?.code ?? "TK5020" };
      for (const key of ["line", "column", "platformCode", "diagnostics"]) if (e?.[key] !== undefined) error[key] = e[key];
      if (id) post({ id, error });
    }
  };
}
