// Preloaded into npm's lifecycle scripts (see .npmrc). When @confluentinc/kafka-javascript has no prebuilt binary
// for this machine (or cannot download one), its install builds from source; its default "static" build downloads
// OpenSSL and other libraries' sources, which fails offline. "dynamic" links the system's OpenSSL and zlib instead
// (Debian: libssl-dev, zlib1g-dev). Only that package's install is affected, and an explicit CKJS_LINKING wins.
'use strict';
if (
  process.env.npm_lifecycle_event === 'install' &&
  process.env.npm_package_name === '@confluentinc/kafka-javascript'
) {
  process.env.CKJS_LINKING ??= 'dynamic';
}
