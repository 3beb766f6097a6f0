[
  {
    "name": "Room climate",
    "input": {
      "fPort": 1,
      "bytes": [0x08, 0x6B, 0x5A, 0x0C, 0xE4], // 21.55 degC, 45 %RH, 3300 mV
    },
    "expected": {
      "data": {
        "temperature": 21.55,
        "humidity": 45,
        "battery": 3.3,
      },
    },
  },
  /* The device variable shifts the temperature; ChirpStack gives variables as text. */
  {
    "name": "Room climate with a temperature offset",
    "input": {
      "fPort": 0x01,
      "bytes": [8, 107, 90, 12, 228],
      "variables": { "temperatureOffset": "-0.55" },
    },
    "expected": {
      "data": { "temperature": 21, "humidity": 45, "battery": 3.3 },
    },
  },
  {
    "name": "Frost and a low battery",
    "input": {
      "fPort": 1,
      "bytes": [0xFC, 0x18, 0x64, 0x09, 0x60], // -10 degC, 50 %RH, 2400 mV
      "recvTime": "2024-01-15T06:30:00Z",
    },
    "expected": {
      "data": { "temperature": -10, "humidity": 50, "battery": 2.4 },
      "warnings": ["battery low"],
    },
  },
  {
    "name": "Unknown fPort",
    "input": { "fPort": 2, "bytes": [1, 2, 3, 4, 5] },
    "expected": { "errors": ["unknown fPort 2"] },
  },
]
