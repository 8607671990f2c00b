// Writes schemas/crds.json.gz, the copy of schemas/crds.json the package ships and `check` reads
// (a tenth of the size). Run by the compile task; gzip without a timestamp, so the bytes are stable.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const dir = path.join(__dirname, '..', 'schemas');
const json = fs.readFileSync(path.join(dir, 'crds.json'));
fs.writeFileSync(path.join(dir, 'crds.json.gz'), zlib.gzipSync(json, { level: 9 }));
