"""Runs set-ups of runtime/tests/credentials_chain.rs through Alibaba Cloud's
official Python credentials library and compares the AccessKey id it picks
with the one our table expects.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install alibabacloud-credentials==1.0.12
    /tmp/venv/bin/python scripts/official_credentials_check.py

Each case runs in its own process with a temporary HOME. The ECS metadata
source is disabled in every case (the library hard-codes 100.100.100.200),
and the credentials URI is a server on 127.0.0.1: nothing leaves the machine.
Cases that need the metadata service or STS are covered by the Rust table
only. The one expected difference is the quoted INI value (README,
"Credentials": ours strips the quotes, the official library keeps them).
"""
import json, os, subprocess, sys, tempfile, threading
from http.server import BaseHTTPRequestHandler, HTTPServer

FILE_DEFAULT = "[default]\ntype = access_key\naccess_key_id = FILEID\naccess_key_secret = file-S3CR3T\n[other]\ntype = access_key\naccess_key_id = FILEOTHER\naccess_key_secret = other-S3CR3T\n"
CLI_DEFAULT = json.dumps({"current": "default", "profiles": [
    {"name": "default", "mode": "AK", "access_key_id": "CLIDEFID", "access_key_secret": "cli-S3CR3T"},
    {"name": "other", "mode": "AK", "access_key_id": "CLIOTHER", "access_key_secret": "cli-other-S3CR3T"}]})
ENV = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "ENVID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "env-S3CR3T"}
F, FI, C = ".alibabacloud/credentials", ".alibabacloud/credentials.ini", ".aliyun/config.json"

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"Code": "Success", "AccessKeyId": "STS.uri-id", "AccessKeySecret": "uri-S3CR3T",
                           "SecurityToken": "uri-T0K3N", "Expiration": "2030-01-01T00:00:00Z"}).encode()
        self.send_response(200 if self.path.startswith("/credentials") else 404)
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
srv = HTTPServer(("127.0.0.1", 0), H); threading.Thread(target=srv.serve_forever, daemon=True).start()
URI = f"http://127.0.0.1:{srv.server_port}"

# (name, files, vars, expected id in the Rust table)
cases = [
 ("environment before both files", {F: FILE_DEFAULT, C: CLI_DEFAULT}, ENV, "ENVID"),
 ("config.json before the credentials file", {F: FILE_DEFAULT, C: CLI_DEFAULT}, {}, "CLIDEFID"),
 ("ALIBABA_CLOUD_PROFILE in both", {F: FILE_DEFAULT, C: CLI_DEFAULT}, {"ALIBABA_CLOUD_PROFILE": "other"}, "CLIOTHER"),
 ("config.json without current", {F: FILE_DEFAULT, C: json.dumps({"profiles": [{"name": "default", "mode": "AK", "access_key_id": "CLIDEFID", "access_key_secret": "x"}]})}, {}, "FILEID"),
 ("malformed file, valid config", {F: "[default\naccess_key_id = BROKEN\n", C: CLI_DEFAULT}, {}, "CLIDEFID"),
 ("malformed config, valid file", {F: FILE_DEFAULT, C: "{\"profiles\": ["}, {}, "FILEID"),
 ("half env key", {F: FILE_DEFAULT}, {"ALIBABA_CLOUD_ACCESS_KEY_ID": "HALF"}, "FILEID"),
 ("AK mode missing secret", {F: FILE_DEFAULT, C: json.dumps({"current": "default", "profiles": [{"name": "default", "mode": "AK", "access_key_id": "NOSECRET"}]})}, {}, "FILEID"),
 ("CREDENTIALS_FILE missing, config valid", {C: CLI_DEFAULT}, {"ALIBABA_CLOUD_CREDENTIALS_FILE": "{home}/missing.ini"}, "CLIDEFID"),
 ("only credentials.ini", {FI: "[default]\ntype = access_key\naccess_key_id = INIID\naccess_key_secret = ini-S3CR3T\n"}, {}, "INIID"),
 ("inline comment", {F: "[default]\ntype = access_key # long-lived\naccess_key_id = HASHID # prod key\naccess_key_secret = hash-S3CR3T\n"}, {}, "HASHID"),
 ("colon and key case", {F: "[default]\nType: access_key\nAccess_Key_Id: COLONID\nACCESS_KEY_SECRET : colon-S3CR3T\n"}, {}, "COLONID"),
 ("quoted values (ours strips)", {F: "[default]\ntype = \"access_key\"\naccess_key_id = \"QUOTEDID\"\naccess_key_secret = 'quoted-S3CR3T' # note\n"}, {}, "QUOTEDID"),
 ("config.json disabled", {F: FILE_DEFAULT, C: CLI_DEFAULT}, {"ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"}, "FILEID"),
 ("credentials URI", {}, {"ALIBABA_CLOUD_CREDENTIALS_URI": URI + "/credentials?ticket=1"}, "STS.uri-id"),
 ("CloudSSO + file", {F: FILE_DEFAULT, C: json.dumps({"current": "sso", "profiles": [{"name": "sso", "mode": "CloudSSO"}]})}, {}, "FILEID"),
 ("ram_role_arn file profile, no STS reachable, config valid", {C: CLI_DEFAULT, F: "[default]\ntype = ram_role_arn\naccess_key_id = A\naccess_key_secret = B\nrole_arn = acs:ram::1:role/a\n"}, {}, "CLIDEFID"),
 ("nothing configured", {}, {}, None),
]
code = ("from alibabacloud_credentials.provider import DefaultCredentialsProvider as D\n"
        "try:\n c = D().get_credentials(); print('OK', c.get_access_key_id())\n"
        "except Exception as e: print('ERR', str(e)[:300])")
agree = 0
for name, files, vars, want in cases:
    with tempfile.TemporaryDirectory() as home:
        for rel, text in files.items():
            # Python reads credentials.ini; the Rust table writes `credentials` (Go's name).
            rel = FI if rel == F else rel
            p = os.path.join(home, rel); os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "w").write(text.replace("{home}", home))
        env = {"PATH": os.environ["PATH"], "HOME": home, "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}
        env.update({k: v.replace("{home}", home) for k, v in vars.items()})
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60).stdout.strip()
        got = out.split(" ", 1)[1] if out.startswith("OK") else None
        same = got == want
        agree += same
        print(("same " if same else "DIFF ") + f"{name}: official={out[:160]!r} ours={want!r}")
print(f"{agree} of {len(cases)} agree")
