/*
 * Data-parsing script for the documented example protocol (big-endian):
 *   byte 0 is the command: 0x00 property report, 0x01 property set, 0x02 report reply,
 *   0x03 set reply.
 *   report:    cmd id:int32 prop_int16:int16 prop_bool:uint8 prop_float:float32
 *   set:       cmd id:int32 prop_int16:int16 prop_bool:uint8 prop_float:float32
 *   replies:   cmd id:int32 code:uint8
 * Custom topics: /user/update carries a report's bytes; /user/update/error one error byte.
 */
var COMMAND_REPORT = 0x00;
var COMMAND_SET = 0x01;
var COMMAND_REPORT_REPLY = 0x02;
var COMMAND_SET_REPLY = 0x03;
var METHOD_REPORT = 'thing.event.property.post';
var METHOD_SET = 'thing.service.property.set';

// The platform hands bytes as signed integers: mask them back to 0..255.
function dataView(bytes) {
  var unsigned = new Uint8Array(bytes.length);
  for (var i = 0; i < bytes.length; i++) {
    unsigned[i] = bytes[i] & 0xff;
  }
  return new DataView(unsigned.buffer);
}

function properties(view) {
  return {
    prop_int16: view.getInt16(5),
    prop_bool: view.getUint8(7),
    prop_float: view.getFloat32(8)
  };
}

function byteList(buffer) {
  var bytes = new Uint8Array(buffer);
  var list = [];
  for (var i = 0; i < bytes.length; i++) {
    list.push(bytes[i]);
  }
  return list;
}

// Device to cloud.
function rawDataToProtocol(bytes) {
  var view = dataView(bytes);
  var command = view.getUint8(0);
  if (command === COMMAND_REPORT) {
    return { method: METHOD_REPORT, id: '' + view.getInt32(1), params: properties(view), version: '1.0' };
  }
  if (command === COMMAND_SET_REPLY) {
    return { code: '' + view.getUint8(5), data: {}, id: '' + view.getInt32(1), version: '1.0' };
  }
  throw new Error('unknown command 0x' + command.toString(16));
}

// Cloud to device.
function protocolToRawData(json) {
  var id = parseInt(json.id, 10);
  var view;
  if (json.method === METHOD_SET) {
    var params = json.params || {};
    view = new DataView(new ArrayBuffer(12));
    view.setUint8(0, COMMAND_SET);
    view.setInt32(1, id);
    view.setInt16(5, params.prop_int16);
    view.setUint8(7, params.prop_bool);
    view.setFloat32(8, params.prop_float);
    return byteList(view.buffer);
  }
  if (json.method === METHOD_REPORT) {
    // The cloud's reply to a property report.
    view = new DataView(new ArrayBuffer(6));
    view.setUint8(0, COMMAND_REPORT_REPLY);
    view.setInt32(1, id);
    view.setUint8(5, json.code);
    return byteList(view.buffer);
  }
  throw new Error('unsupported method ' + json.method);
}

// Custom topics.
function transformPayload(topic, bytes) {
  var view = dataView(bytes);
  if (topic.indexOf('/user/update/error') >= 0) {
    return { topic: topic, errorCode: view.getInt8(0) };
  }
  if (topic.indexOf('/user/update') >= 0) {
    var result = properties(view);
    result.topic = topic;
    return result;
  }
  throw new Error('unknown topic ' + topic);
}
