// Starts s3rver on 127.0.0.1 with a free port and the buckets named on the command line,
// prints {"port":N} once it listens, and stops when its standard input closes (the test process ended).
const S3rver = require('s3rver');
const fs = require('fs');
const os = require('os');
const path = require('path');

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
const buckets = process.argv.slice(2).map((name) => ({ name }));
const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: buckets });

server.run().then(({ port }) => {
  process.stdout.write(JSON.stringify({ port }) + '\n');
});

process.stdin.resume();
process.stdin.on('end', () => {
  server.close().finally(() => {
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  });
});
