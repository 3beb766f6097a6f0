// A Huawei IoTDA JavaScript codec for a smoke detector (ES5.1 plus let/const, as the platform
// allows). Frames are big-endian:
//   0x00 report            level:uint8 temperature:int16 (0.1 °C)
//   0x01 SET_ALARM         mid:uint16 value:uint8            (cloud to device)
//   0x02 SET_ALARM answer  mid:uint16 result:uint8           (device to cloud)
const SERVICE = 'smokeDetector';

function decode(payload, topic) {
  const bytes = [];
  for (let i = 0; i < payload.length; i++) bytes.push(payload[i] & 0xff);
  const kind = bytes[0];
  if (kind === 0x00) {
    let temperature = (bytes[2] << 8) | bytes[3];
    if (temperature & 0x8000) temperature -= 0x10000;
    return JSON.stringify({
      msg_type: 'properties_report',
      services: [{ service_id: SERVICE, properties: { smokeLevel: bytes[1], temperature: temperature / 10 } }]
    });
  }
  if (kind === 0x02) {
    return JSON.stringify({
      msg_type: 'command_response',
      request_id: String((bytes[1] << 8) | bytes[2]),
      result_code: bytes[3] === 0 ? 0 : 1,
      command_name: 'SET_ALARM',
      service_id: SERVICE,
      paras: { result: bytes[3] === 0 ? 'success' : 'failure' }
    });
  }
  throw new Error('unknown frame 0x' + kind.toString(16) + (topic ? ' on ' + topic : ''));
}

function encode(json) {
  const message = JSON.parse(json);
  if (message.msg_type !== 'commands' || message.command_name !== 'SET_ALARM') {
    throw new Error('unsupported command ' + message.command_name);
  }
  const mid = Number(message.mid) & 0xffff;
  return [0x01, mid >> 8, mid & 0xff, message.paras.value ? 1 : 0];
}
