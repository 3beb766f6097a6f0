// thingkit sandbox prelude: evaluated once per engine, before the user's script, with
// DETERMINISTIC, NOW and SEED defined ahead of it. It installs the call protocol, keeps
// callbacks inside the budgeted interpreter loop, and freezes every built-in so that nothing a
// message does can be seen by the next one.
(function (global) {
  'use strict';
  var getNames = Object.getOwnPropertyNames;
  var defineProperty = Object.defineProperty;
  var getDescriptor = Object.getOwnPropertyDescriptor;
  var getPrototypeOf = Object.getPrototypeOf;
  var freeze = Object.freeze;
  var ownKeys = Reflect.ownKeys;
  var construct = Reflect.construct;
  var ObjectCtor = Object;
  var TypeErrorCtor = TypeError;

  function hidden(obj, name, value) {
    defineProperty(obj, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // Array methods that take callbacks, written in JavaScript: a native method would run the
  // callback in a nested interpreter loop that the step budget and the clock cannot see.
  function len(o) {
    var n = +o.length;
    return n > 0 ? Math.min(Math.floor(n), 9007199254740991) : 0;
  }
  function callable(cb, name) {
    if (typeof cb !== 'function') throw new TypeErrorCtor('Array.prototype.' + name + ': callback is not a function');
  }
  // A direct call stays in the interpreter loop; `cb.call` (native) would not.
  function invoke(cb, thisArg, a, b, c) {
    return thisArg === undefined ? cb(a, b, c) : cb.call(thisArg, a, b, c);
  }
  var AP = Array.prototype;
  hidden(AP, 'forEach', function forEach(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o); callable(cb, 'forEach');
    for (var k = 0; k < n; k++) if (k in o) invoke(cb, thisArg, o[k], k, o);
  });
  hidden(AP, 'map', function map(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o); callable(cb, 'map');
    var out = new Array(n);
    for (var k = 0; k < n; k++) if (k in o) out[k] = invoke(cb, thisArg, o[k], k, o);
    return out;
  });
  hidden(AP, 'filter', function filter(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o), out = []; callable(cb, 'filter');
    for (var k = 0; k < n; k++) if (k in o) { var v = o[k]; if (invoke(cb, thisArg, v, k, o)) out.push(v); }
    return out;
  });
  hidden(AP, 'some', function some(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o); callable(cb, 'some');
    for (var k = 0; k < n; k++) if (k in o && invoke(cb, thisArg, o[k], k, o)) return true;
    return false;
  });
  hidden(AP, 'every', function every(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o); callable(cb, 'every');
    for (var k = 0; k < n; k++) if (k in o && !invoke(cb, thisArg, o[k], k, o)) return false;
    return true;
  });
  hidden(AP, 'find', function find(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o); callable(cb, 'find');
    for (var k = 0; k < n; k++) { var v = o[k]; if (invoke(cb, thisArg, v, k, o)) return v; }
    return undefined;
  });
  hidden(AP, 'findIndex', function findIndex(cb, thisArg) {
    var o = ObjectCtor(this), n = len(o); callable(cb, 'findIndex');
    for (var k = 0; k < n; k++) if (invoke(cb, thisArg, o[k], k, o)) return k;
    return -1;
  });
  hidden(AP, 'reduce', function reduce(cb) {
    var o = ObjectCtor(this), n = len(o), k = 0, acc; callable(cb, 'reduce');
    if (arguments.length > 1) acc = arguments[1];
    else {
      while (k < n && !(k in o)) k++;
      if (k >= n) throw new TypeErrorCtor('Reduce of empty array with no initial value');
      acc = o[k++];
    }
    for (; k < n; k++) if (k in o) acc = cb(acc, o[k], k, o);
    return acc;
  });

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
    hidden(proto, name, {
      [name]: function () {
        var n = len(ObjectCtor(this));
        if (n > MAX_ELEMENTS) tooLong(owner + '.prototype.' + name + ' on length', n, MAX_ELEMENTS);
        return nativeApply(native, this, arguments);
      }
    }[name]);
  }
  ['fill', 'join', 'toString', 'toLocaleString', 'indexOf', 'lastIndexOf', 'includes', 'reverse', 'slice', 'splice',
    'concat', 'copyWithin', 'flat', 'sort', 'toReversed', 'toSorted', 'toSpliced', 'with'].forEach(function (name) {
    boundArrayMethod(AP, 'Array', name);
  });
  function boundListMaker(owner, obj, name, listArg) {
    var native = obj[name];
    hidden(obj, name, {
      [name]: function () {
        var list = arguments[listArg];
        if (list !== null && list !== undefined && typeof list !== 'string') {
          var n = len(ObjectCtor(list));
          if (n > MAX_ELEMENTS) tooLong(owner + '.' + name + ' on length', n, MAX_ELEMENTS);
        }
        return nativeApply(native, this, arguments);
      }
    }[name]);
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
      bounded[name] = {
        [name]: function () {
          var n = len(ObjectCtor(this));
          if (n > MAX_ELEMENTS) tooLong(owner + '.prototype.' + name + ' on length', n, MAX_ELEMENTS);
          return nativeApply(native, this, arguments);
        }
      }[name];
      hidden(proto, name, bounded[name]);
    });
    // `a[Symbol.iterator]` is `a.values` (strings have no `values`): the same bounded function.
    hidden(proto, iteratorSymbol, bounded[names[0]]);
  }
  boundIterators(AP, 'Array', ['values', 'keys', 'entries']);
  boundIterators(getPrototypeOf(Uint8Array.prototype), 'TypedArray', ['values', 'keys', 'entries']);
  var SP = String.prototype;
  var nativeStringIterator = SP[iteratorSymbol];
  hidden(SP, iteratorSymbol, {
    [iteratorSymbol]: function () {
      var n = String(this).length;
      if (n > MAX_ELEMENTS) tooLong('String.prototype[Symbol.iterator] on length', n, MAX_ELEMENTS);
      return nativeApply(nativeStringIterator, this, arguments);
    }
  }[iteratorSymbol]);
  function boundStringResult(name, size) {
    var native = SP[name];
    hidden(SP, name, {
      [name]: function () {
        var n = size(String(this), arguments);
        if (n > MAX_STRING) tooLong('String.prototype.' + name + ' result length', n, MAX_STRING);
        return nativeApply(native, this, arguments);
      }
    }[name]);
  }
  boundStringResult('repeat', function (s, args) { return s.length * Math.max(0, +args[0] || 0); });
  boundStringResult('padStart', function (s, args) { return +args[0] || 0; });
  boundStringResult('padEnd', function (s, args) { return +args[0] || 0; });
  // Splitting makes one value per piece: a 64 MB string split by '' would be 64 million.
  boundStringResult('split', function (s) { return s.length > MAX_ELEMENTS ? s.length : 0; });

  // Deterministic clock and random source, when asked for.
  var randomState = 0;
  function seedRandom() { randomState = (SEED >>> 0) || 0x9e3779b9; }
  if (DETERMINISTIC) {
    hidden(Math, 'random', function random() {
      var x = randomState;
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      randomState = x;
      return x / 4294967296;
    });
    var RealDate = Date;
    var FixedDate = function Date() {
      if (!(this instanceof FixedDate)) return new RealDate(NOW).toString();
      var d = arguments.length === 0 ? new RealDate(NOW) : construct(RealDate, arguments);
      Object.setPrototypeOf(d, FixedDate.prototype);
      return d;
    };
    FixedDate.prototype = RealDate.prototype;
    FixedDate.now = function now() { return NOW; };
    FixedDate.UTC = RealDate.UTC;
    FixedDate.parse = RealDate.parse;
    hidden(global, 'Date', FixedDate);
  }

  var factory = null;
  var entryNames = ['rawDataToProtocol', 'protocolToRawData', 'transformPayload', 'RawToProtocol', 'ProtocolToRaw',
    'decodeUplink', 'encodeDownlink', 'decodeDownlink', 'Decoder', 'Encoder'];
  var api = {
    install: function (f) { factory = f; },
    // Which entry points the script defines (runs its top level once).
    entries: function () {
      var pick = factory(), found = [];
      for (var i = 0; i < entryNames.length; i++) if (typeof pick(entryNames[i]) === 'function') found.push(entryNames[i]);
      return found.join(',');
    },
    // One call: a fresh top level, then the entry point; the host reads the result as JSON and
    // removes whatever the call added to the global object.
    run: function (call) {
      if (DETERMINISTIC) seedRandom();
      var fn = factory()(call[0]);
      if (typeof fn !== 'function') throw { __thingkit: 'missing', what: call[0] };
      var n = call.length - 1;
      return n === 0 ? fn() : n === 1 ? fn(call[1]) : n === 2 ? fn(call[1], call[2]) : fn(call[1], call[2], call[3]);
    }
  };

  // Freeze every built-in reachable from the global object, and make the global object's own
  // bindings read-only; the global object itself stays extensible so that sloppy scripts may
  // still create implicit globals (removed again after each message).
  function deepFreeze(root, seen) {
    var stack = [root];
    while (stack.length) {
      var o = stack.pop();
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
      seen.add(o);
      var keys = ownKeys(o);
      for (var i = 0; i < keys.length; i++) {
        var d = getDescriptor(o, keys[i]);
        if (!d) continue;
        if ('value' in d) stack.push(d.value);
        else { if (d.get) stack.push(d.get); if (d.set) stack.push(d.set); }
      }
      stack.push(getPrototypeOf(o));
      freeze(o);
    }
  }
  freeze(api);
  defineProperty(global, '__thingkit', { value: api, writable: false, enumerable: false, configurable: false });
  // The host writes each call's arguments here; it is the one object left unfrozen.
  var io = {};
  defineProperty(global, '__thingkit_io', { value: io, writable: false, enumerable: false, configurable: false });
  var seen = new Set();
  seen.add(global);
  seen.add(io);
  var names = getNames(global);
  for (var i = 0; i < names.length; i++) {
    var d = getDescriptor(global, names[i]);
    if ('value' in d) deepFreeze(d.value, seen);
    if (d.configurable || d.writable) {
      d.configurable = false;
      if ('value' in d) d.writable = false;
      defineProperty(global, names[i], d);
    }
  }
  deepFreeze(getPrototypeOf(global), seen);
})(globalThis);
