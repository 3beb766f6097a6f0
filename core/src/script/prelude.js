// thingkit sandbox prelude: evaluated once per engine, after the helpers and before the user's
// script, with MAX_ELEMENTS and MAX_STRING defined ahead of it. It bounds the built-ins that
// would loop natively over a size the script picks. Everything it defines is an ordinary
// writable, configurable property: scripts may replace it, and the engine's rollback restores
// it after each call (see engine.rs).
(function (global) {
  'use strict';
  var defineProperty = Object.defineProperty;
  var getPrototypeOf = Object.getPrototypeOf;
  var ObjectCtor = Object;
  // Taken now: a script may replace these, and the bounds must not follow it.
  var StringCtor = String, min = Math.min, max = Math.max, floor = Math.floor;

  function hidden(obj, name, value) {
    defineProperty(obj, name, { value: value, writable: true, enumerable: false, configurable: true });
  }
  // A wrapper looks like the native it bounds: its name and length (and, written as a method,
  // no prototype and no constructor).
  function like(native, wrapper) {
    defineProperty(wrapper, 'length', { value: native.length, configurable: true });
    return wrapper;
  }
  function len(o) {
    var n = +o.length;
    return n > 0 ? min(floor(n), 9007199254740991) : 0;
  }
  var AP = Array.prototype;

  // Built-ins that loop natively over a length the script controls (a sparse `Array(1e9)` is
  // cheap to make) or build a result of a size it chooses: bounded before they start, since
  // neither the step budget nor the clock can stop a native loop once it runs.
  var RangeErrorCtor = RangeError;
  var nativeApply = Reflect.apply;
  function tooLong(what, n, max) {
    throw new RangeErrorCtor(what + ': ' + n + ' is over the sandbox limit of ' + max);
  }
  function boundArrayMethod(proto, owner, name) {
    var native = proto[name];
    if (typeof native !== 'function') return;
    hidden(proto, name, like(native, {
      [name]() {
        var n = len(ObjectCtor(this));
        if (n > MAX_ELEMENTS) tooLong(owner + '.prototype.' + name + ' on length', n, MAX_ELEMENTS);
        return nativeApply(native, this, arguments);
      }
    }[name]));
  }
  ['fill', 'join', 'toString', 'toLocaleString', 'indexOf', 'lastIndexOf', 'includes', 'reverse', 'slice', 'splice',
    'concat', 'copyWithin', 'flat', 'sort', 'toReversed', 'toSorted', 'toSpliced', 'with'].forEach(function (name) {
    boundArrayMethod(AP, 'Array', name);
  });
  function boundListMaker(owner, obj, name, listArg) {
    var native = obj[name];
    hidden(obj, name, like(native, {
      [name]() {
        var list = arguments[listArg];
        if (list !== null && list !== undefined && typeof list !== 'string') {
          var n = len(ObjectCtor(list));
          if (n > MAX_ELEMENTS) tooLong(owner + '.' + name + ' on length', n, MAX_ELEMENTS);
        }
        return nativeApply(native, this, arguments);
      }
    }[name]));
  }
  boundListMaker('Array', Array, 'from', 0);
  boundListMaker('Reflect', Reflect, 'apply', 2);
  boundListMaker('Reflect', Reflect, 'construct', 1);
  boundListMaker('Function.prototype', Function.prototype, 'apply', 1);
  // Spread (`f(...a)`, `[...a]`) drains an iterator in one native loop, as do `new Set(a)`,
  // `Array.from(a)` and the rest: iterators over arrays, typed arrays and strings refuse a
  // length over the bound when they are made.
  var iteratorSymbol = Symbol.iterator;
  function boundIterators(proto, owner, names) {
    var bounded = {};
    names.forEach(function (name) {
      var native = proto[name];
      bounded[name] = like(native, {
        [name]() {
          var n = len(ObjectCtor(this));
          if (n > MAX_ELEMENTS) tooLong(owner + '.prototype.' + name + ' on length', n, MAX_ELEMENTS);
          return nativeApply(native, this, arguments);
        }
      }[name]);
      hidden(proto, name, bounded[name]);
    });
    // `a[Symbol.iterator]` is `a.values` (strings have no `values`): the same bounded function.
    hidden(proto, iteratorSymbol, bounded[names[0]]);
  }
  boundIterators(AP, 'Array', ['values', 'keys', 'entries']);
  boundIterators(getPrototypeOf(Uint8Array.prototype), 'TypedArray', ['values', 'keys', 'entries']);
  var SP = String.prototype;
  var nativeStringIterator = SP[iteratorSymbol];
  hidden(SP, iteratorSymbol, like(nativeStringIterator, {
    [iteratorSymbol]() {
      var n = StringCtor(this).length;
      if (n > MAX_ELEMENTS) tooLong('String.prototype[Symbol.iterator] on length', n, MAX_ELEMENTS);
      return nativeApply(nativeStringIterator, this, arguments);
    }
  }[iteratorSymbol]));
  function boundStringResult(name, size) {
    var native = SP[name];
    hidden(SP, name, like(native, {
      [name]() {
        var n = size(StringCtor(this), arguments);
        if (n > MAX_STRING) tooLong('String.prototype.' + name + ' result length', n, MAX_STRING);
        return nativeApply(native, this, arguments);
      }
    }[name]));
  }
  boundStringResult('repeat', function (s, args) { return s.length * max(0, +args[0] || 0); });
  boundStringResult('padStart', function (s, args) { return +args[0] || 0; });
  boundStringResult('padEnd', function (s, args) { return +args[0] || 0; });
  // Splitting makes one value per piece: at most `limit`, and at most one per character (by
  // '') or one more than the characters (by anything else).
  var nativeSplit = SP.split;
  hidden(SP, 'split', like(nativeSplit, { split(separator, limit) {
    var s = StringCtor(this);
    var most = separator === '' ? s.length : s.length + 1;
    if (limit !== undefined) most = min(most, limit >>> 0);
    if (most > MAX_ELEMENTS) tooLong('String.prototype.split pieces', most, MAX_ELEMENTS);
    return nativeApply(nativeSplit, this, arguments);
  } }.split));

  // JSON text is parsed in one native step: bounded by length before it starts (a codec's
  // input is at most 64 KB; a million characters parse in milliseconds).
  var nativeParse = JSON.parse;
  hidden(JSON, 'parse', like(nativeParse, { parse(text, reviver) {
    if (typeof text === 'string' && text.length > MAX_ELEMENTS) tooLong('JSON.parse text length', text.length, MAX_ELEMENTS);
    return nativeApply(nativeParse, this, arguments);
  } }.parse));
})(globalThis);
