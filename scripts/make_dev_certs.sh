#!/usr/bin/env bash
# Throwaway certificates for trying TLS and mutual TLS on one machine (never production):
#   DIR/ca.crt, ca.key                 a CA that signs everything below (valid 30 days)
#   DIR/server.crt, server.key         the server: localhost and 127.0.0.1
#   DIR/platform-a.crt, .key           a platform's client certificate, subject CN=platform-a
#   DIR/reviewer.crt, reviewer.key     a reviewer workstation's client certificate
# Usage: bash scripts/make_dev_certs.sh [DIR]   (DIR defaults to ./certs; files are replaced)
set -euo pipefail
dir="${1:-certs}"
days=30
command -v openssl >/dev/null || { echo "make_dev_certs.sh: openssl is not installed" >&2; exit 2; }
mkdir -p "${dir}"
umask 077  # private keys readable by their owner only
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key "${dir}/ca.key"
openssl req -x509 -new -key "${dir}/ca.key" -sha256 -days "${days}" \
  -subj "/CN=grooming-risk dev CA" -out "${dir}/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

# leaf NAME CN EXTENSIONS: a key and a certificate signed by the CA.
leaf() {
  key "${dir}/$1.key"
  openssl req -new -key "${dir}/$1.key" -subj "/CN=$2" -out "${tmp}/$1.csr"
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" "$3" \
    > "${tmp}/$1.ext"
  openssl x509 -req -in "${tmp}/$1.csr" -CA "${dir}/ca.crt" -CAkey "${dir}/ca.key" \
    -CAcreateserial -CAserial "${tmp}/ca.srl" -sha256 -days "${days}" \
    -extfile "${tmp}/$1.ext" -out "${dir}/$1.crt" 2>/dev/null
}

leaf server localhost $'extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1'
leaf platform-a platform-a "extendedKeyUsage=clientAuth"
leaf reviewer reviewer-workstation "extendedKeyUsage=clientAuth"
chmod 644 "${dir}"/*.crt
echo "make_dev_certs.sh: wrote ${dir}/{ca,server,platform-a,reviewer}.{crt,key} (valid ${days} days)" >&2
