#!/usr/bin/env bash
# Writes the test cluster's certificates and an admin kubeconfig with openssl, all into one
# directory: a CA; the API server's serving certificate (SANs: 127.0.0.1, the first service IP,
# localhost and the kubernetes service names); an admin client certificate in system:masters;
# the API server's client certificate for kubelets; the aggregation layer's front-proxy CA and client;
# the service-account signing key pair. P-256 keys: generated in milliseconds, where RSA takes
# seconds, and kube-apiserver accepts ECDSA for all of these.
# Usage: scripts/cluster-certs.sh DIR SERVICE_IP SERVER_URL KUBECONFIG
set -euo pipefail

[[ $# -eq 4 ]] || { echo "usage: $0 DIR SERVICE_IP SERVER_URL KUBECONFIG" >&2; exit 2; }
dir=$1 service_ip=$2 server=$3 kubeconfig=$4
command -v openssl >/dev/null || { echo "cluster-certs: openssl is not on PATH (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
umask 077

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

sign() { # name subject extensions -> name.crt signed by the CA
  key "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
    -days 30 -out "$1.crt" -extfile <(printf '%b' "$3") 2>/dev/null
  rm -f "$1.csr"
}

key ca.key
openssl req -x509 -new -key ca.key -subj /CN=task-backend-test-ca -days 30 -out ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

sans="IP:127.0.0.1,IP:$service_ip,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default"
sans+=",DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
sign apiserver /CN=kube-apiserver \
  "subjectAltName=$sans\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature"
sign admin "/O=system:masters/CN=task-backend-admin" \
  "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature"

# The API server's client certificate towards kubelets (logs, exec); a node's kubelet accepts
# any certificate of this CA, and system:masters stands for the API server there.
sign kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" \
  "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature"

# The aggregation layer's front proxy: its own CA (the API server names it to extension API servers,
# such as KEDA's metrics server, in kube-system/extension-apiserver-authentication) and the client
# certificate the API server presents to them.
key front-proxy-ca.key
openssl req -x509 -new -key front-proxy-ca.key -subj /CN=task-backend-front-proxy-ca -days 30 -out front-proxy-ca.crt \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
key front-proxy-client.key
openssl req -new -key front-proxy-client.key -subj /CN=front-proxy-client -out front-proxy-client.csr 2>/dev/null
openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key \
  -set_serial "0x$(openssl rand -hex 16)" -days 30 -out front-proxy-client.crt \
  -extfile <(printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n') 2>/dev/null
rm -f front-proxy-client.csr

key sa.key
openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null

b64() { base64 -w0 < "$1"; }
cat > "$kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: task-backend-test
  cluster:
    server: $server
    certificate-authority-data: $(b64 ca.crt)
users:
- name: admin
  user:
    client-certificate-data: $(b64 admin.crt)
    client-key-data: $(b64 admin.key)
contexts:
- name: task-backend-test
  context: { cluster: task-backend-test, user: admin }
current-context: task-backend-test
EOF
chmod 600 "$kubeconfig"
