// thingkit sandbox helpers: what real data-parsing scripts expect of their host and boa does not
// have — `TextEncoder`/`TextDecoder` (UTF-8) and the part of Node's `Buffer` that LoRaWAN codecs
// use. Evaluated once per engine, before the prelude, for scripts that name them (engine.rs); like
// every built-in, scripts may change them
// and each call's changes are rolled back (see engine.rs).
(function (global) {
  'use strict';
  var defineProperty = Object.defineProperty;
  var Uint8ArrayCtor = Uint8Array;
  var RangeErrorCtor = RangeError;
  var TypeErrorCtor = TypeError;
  var fromCharCode = String.fromCharCode;

  function define(obj, name, value) {
    defineProperty(obj, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  // Bytes from whatever a script may hold: a typed array, an ArrayBuffer, a DataView or a list
  // of numbers (each taken modulo 256, as Node does).
  function bytesOf(input) {
    if (input instanceof Uint8ArrayCtor) return input;
    if (input instanceof ArrayBuffer) return new Uint8ArrayCtor(input);
    if (ArrayBuffer.isView(input)) return new Uint8ArrayCtor(input.buffer, input.byteOffset, input.byteLength);
    if (input !== null && typeof input === 'object' && typeof input.length === 'number') {
      var out = new Uint8ArrayCtor(input.length);
      for (var i = 0; i < input.length; i++) out[i] = input[i] & 0xff;
      return out;
    }
    throw new TypeErrorCtor('expected bytes: a Uint8Array, an ArrayBuffer or an array of numbers');
  }

  // UTF-8, as the WHATWG Encoding standard says: lone surrogates encode as U+FFFD; malformed
  // input decodes to U+FFFD per maximal subpart, or throws when `fatal`.
  function utf8Encode(text) {
    var s = String(text), out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8ArrayCtor(out);
  }
  function utf8Decode(bytes, fatal) {
    var out = '', i = 0, n = bytes.length;
    function bad() {
      if (fatal) throw new TypeErrorCtor('The encoded data was not valid for encoding utf-8');
      out += '\ufffd';
    }
    while (i < n) {
      var b = bytes[i];
      if (b < 0x80) { out += fromCharCode(b); i++; continue; }
      var need, cp, lower = 0x80, upper = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
      else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0xf; if (b === 0xe0) lower = 0xa0; if (b === 0xed) upper = 0x9f; }
      else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 7; if (b === 0xf0) lower = 0x90; if (b === 0xf4) upper = 0x8f; }
      else { bad(); i++; continue; }
      var j = 1;
      for (; j <= need; j++) {
        var c = bytes[i + j];
        if (i + j >= n || c < lower || c > upper) break;
        cp = (cp << 6) | (c & 0x3f);
        lower = 0x80; upper = 0xbf;
      }
      if (j <= need) { bad(); i += j; continue; }
      i += need + 1;
      if (cp >= 0x10000) { cp -= 0x10000; out += fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff)); }
      else out += fromCharCode(cp);
    }
    return out;
  }
  function label(encoding) {
    var e = encoding === undefined ? 'utf-8' : String(encoding).toLowerCase().trim();
    if (e !== 'utf-8' && e !== 'utf8' && e !== 'unicode-1-1-utf-8') throw new RangeErrorCtor('only utf-8 is supported, not ' + e);
    return 'utf-8';
  }

  function TextEncoder() {
    if (!(this instanceof TextEncoder)) throw new TypeErrorCtor("Constructor TextEncoder requires 'new'");
  }
  define(TextEncoder.prototype, 'encoding', 'utf-8');
  define(TextEncoder.prototype, 'encode', function encode(text) { return utf8Encode(text === undefined ? '' : text); });
  function TextDecoder(encoding, options) {
    if (!(this instanceof TextDecoder)) throw new TypeErrorCtor("Constructor TextDecoder requires 'new'");
    define(this, 'encoding', label(encoding));
    define(this, 'fatal', !!(options && options.fatal));
    define(this, 'ignoreBOM', !!(options && options.ignoreBOM));
  }
  define(TextDecoder.prototype, 'decode', function decode(input) {
    if (input === undefined) return '';
    var bytes = bytesOf(input);
    if (!this.ignoreBOM && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    return utf8Decode(bytes, this.fatal);
  });

  // Base64 (standard alphabet, URL-safe accepted on input), hex.
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  var B64_INDEX = {};
  for (var k = 0; k < 64; k++) B64_INDEX[B64.charAt(k)] = k;
  B64_INDEX['-'] = 62; B64_INDEX['_'] = 63;
  function base64Encode(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) +
        (i + 1 < bytes.length ? B64.charAt((n >> 6) & 63) : '=') + (i + 2 < bytes.length ? B64.charAt(n & 63) : '=');
    }
    return out;
  }
  // As Node: characters outside the alphabet are skipped, decoding stops at '='.
  function base64Decode(text) {
    var out = [], bits = 0, acc = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === '=') break;
      var v = B64_INDEX[ch];
      if (v === undefined) continue;
      acc = (acc << 6) | v; bits += 6;
      if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 0xff); }
    }
    return out;
  }
  // As Node: decoding stops at the first pair that is not hex.
  function hexDecode(text) {
    var out = [];
    for (var i = 0; i + 1 < text.length; i += 2) {
      var pair = text.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) break;
      out.push(parseInt(pair, 16));
    }
    return out;
  }
  function hexEncode(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }
  function encodingOf(encoding) {
    var e = encoding === undefined ? 'utf8' : String(encoding).toLowerCase();
    if (e === 'utf-8') e = 'utf8';
    if (e === 'base64url') e = 'base64';
    if (e !== 'utf8' && e !== 'hex' && e !== 'base64' && e !== 'latin1' && e !== 'binary' && e !== 'ascii') {
      throw new TypeErrorCtor('Unknown encoding: ' + encoding);
    }
    return e;
  }

  // Node's Buffer, the part codecs use: a Uint8Array with readers and text conversions.
  class Buffer extends Uint8ArrayCtor {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') {
        var e = encodingOf(encodingOrOffset);
        if (e === 'hex') return copyOf(hexDecode(value));
        if (e === 'base64') return copyOf(base64Decode(value));
        if (e === 'utf8') { var u = utf8Encode(value); return new Buffer(u.buffer, u.byteOffset, u.length); }
        var raw = new Buffer(value.length);
        for (var i = 0; i < value.length; i++) raw[i] = value.charCodeAt(i) & 0xff;
        return raw;
      }
      if (value instanceof ArrayBuffer) return new Buffer(value, encodingOrOffset || 0, length);
      return copyOf(bytesOf(value));
    }
    static alloc(size, fill) {
      var b = new Buffer(size);
      if (fill !== undefined) b.fill(typeof fill === 'number' ? fill & 0xff : 0);
      return b;
    }
    static isBuffer(value) { return value instanceof Buffer; }
    static concat(list) {
      var total = 0, i;
      for (i = 0; i < list.length; i++) total += list[i].length;
      var out = new Buffer(total), at = 0;
      for (i = 0; i < list.length; i++) { out.set(bytesOf(list[i]), at); at += list[i].length; }
      return out;
    }
    // Node's slice is a view on the same memory, unlike Uint8Array's copy.
    slice(start, end) { return this.subarray(start, end); }
    toString(encoding, start, end) {
      var bytes = this.subarray(start || 0, end === undefined ? this.length : end);
      var e = encodingOf(encoding);
      if (e === 'hex') return hexEncode(bytes);
      if (e === 'base64') return base64Encode(bytes);
      if (e === 'utf8') return utf8Decode(bytes, false);
      var out = '';
      for (var i = 0; i < bytes.length; i++) out += fromCharCode(e === 'ascii' ? bytes[i] & 0x7f : bytes[i]);
      return out;
    }
    equals(other) {
      if (other.length !== this.length) return false;
      for (var i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
      return true;
    }
  }
  // A new Buffer holding `list`'s bytes.
  function copyOf(list) {
    var copy = new Buffer(list.length);
    copy.set(list);
    return copy;
  }
  // Readers and writers, by DataView: out-of-range offsets throw a RangeError as in Node.
  function view(b) { return new DataView(b.buffer, b.byteOffset, b.byteLength); }
  function offsetOf(offset) {
    var o = offset === undefined ? 0 : offset;
    if (typeof o !== 'number' || o !== Math.floor(o) || o < 0) throw new RangeErrorCtor('The value of "offset" is out of range: ' + offset);
    return o;
  }
  var readers = {
    UInt8: ['getUint8', 1], Int8: ['getInt8', 1], UInt16: ['getUint16', 2], Int16: ['getInt16', 2],
    UInt32: ['getUint32', 4], Int32: ['getInt32', 4], Float: ['getFloat32', 4], Double: ['getFloat64', 8]
  };
  Object.keys(readers).forEach(function (name) {
    var getter = readers[name][0], size = readers[name][1];
    var setter = 's' + getter.slice(1);
    var forms = size === 1 ? [['', false]] : [['LE', true], ['BE', false]];
    forms.forEach(function (form) {
      var little = form[1];
      define(Buffer.prototype, 'read' + name + form[0], function (offset) {
        var o = offsetOf(offset);
        if (o + size > this.length) throw new RangeErrorCtor('Attempt to access memory outside buffer bounds');
        return view(this)[getter](o, little);
      });
      define(Buffer.prototype, 'write' + name + form[0], function (value, offset) {
        var o = offsetOf(offset);
        if (o + size > this.length) throw new RangeErrorCtor('Attempt to access memory outside buffer bounds');
        view(this)[setter](o, value, little);
        return o + size;
      });
      // Node's lower-case aliases (readUint16LE…).
      if (name.indexOf('UInt') === 0) {
        var alias = 'Uint' + name.slice(4);
        define(Buffer.prototype, 'read' + alias + form[0], Buffer.prototype['read' + name + form[0]]);
        define(Buffer.prototype, 'write' + alias + form[0], Buffer.prototype['write' + name + form[0]]);
      }
    });
  });

  define(global, 'TextEncoder', TextEncoder);
  define(global, 'TextDecoder', TextDecoder);
  define(global, 'Buffer', Buffer);
})(globalThis);
