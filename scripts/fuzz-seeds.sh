#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets into fuzz/seeds/<target>/
# (gitignored): from this repository's spec and fixtures and, when the
# checkout sits beside ../shared, from the real documents and from a spec
# imported from them. Nothing from ../shared is committed.
#
# Usage: scripts/fuzz-seeds.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DIR:-$root/../shared}"
seeds="$root/fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{spec_load_validate,markdown_import,metadata_import,response_parse,lenient_de,sign_canonical}

seed() { # seed TARGET < content; named by its hash, as libFuzzer names corpus files
    local tmp="$seeds/$1/.tmp"
    cat >"$tmp"
    mv "$tmp" "$seeds/$1/$(sha1sum "$tmp" | cut -c1-40)"
}

# --- spec_load_validate: an operation file, alone, with its overlay, with the service file.
spec_seeds() { # spec_seeds SPEC_DIR
    local dir=$1 op name
    for op in "$dir"/operations/*.yaml; do
        [[ -f "$op" ]] || continue
        name=$(basename "$op" .yaml)
        seed spec_load_validate <"$op"
        if [[ -f "$dir/overlays/$name.yaml" ]]; then
            { cat "$op"; printf '\n#--- overlay\n'; cat "$dir/overlays/$name.yaml"; } | seed spec_load_validate
        fi
        if [[ -f "$dir/service.yaml" ]]; then
            { cat "$op"; printf '\n#--- service\n'; cat "$dir/service.yaml"; } | seed spec_load_validate
        fi
    done
}
spec_seeds "$root/spec"
for dir in "$root"/tests/fixtures/good/* "$root"/tests/fixtures/bad/*; do
    spec_seeds "$dir"
done
if [[ -d "$shared/docs/ecs-all/zh-CN" ]]; then
    # A spec imported from every real document: many more shapes than ours.
    cargo build --quiet --manifest-path "$root/Cargo.toml" -p codegen --bin codegen
    imported="$(mktemp -d)"
    cp "$root/spec/service.yaml" "$imported/"
    "${CARGO_TARGET_DIR:-$root/target}/debug/codegen" import --out "$imported" "$shared/docs/ecs-all" \
        >/dev/null 2>&1 || true
    spec_seeds "$imported"
    rm -rf "$imported"
fi

# --- markdown_import: the zh-CN and en-US documents of an operation as one input, and each alone.
doc_seeds() { # doc_seeds DOCS_DIR (with zh-CN/ and en-US/)
    local dir=$1 zh en
    for zh in "$dir"/zh-CN/*.md; do
        [[ -f "$zh" ]] || continue
        en="$dir/en-US/$(basename "$zh")"
        seed markdown_import <"$zh"
        if [[ -f "$en" ]]; then
            { cat "$zh"; printf '\n<!-- fuzz:next -->\n'; cat "$en"; } | seed markdown_import
        fi
    done
    for en in "$dir"/en-US/*.md; do
        [[ -f "$en" ]] && seed markdown_import <"$en"
    done
}
doc_seeds "$root/codegen/tests/fixtures/docs"
if [[ -d "$shared/docs/ecs-all" ]]; then
    doc_seeds "$shared/docs/ecs-all"
fi

# --- metadata_import: each real metadata file cut to one api (every other
# top-level section kept), so an input stays small enough to mutate.
for meta in "$shared"/meta/*/*/api-docs.json; do
    [[ -f "$meta" ]] || continue
    python3 - "$meta" "$seeds/metadata_import" <<'PY'
import hashlib, json, os, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
for name, api in doc.get("apis", {}).items():
    one = dict(doc, apis={name: api})
    data = json.dumps(one, ensure_ascii=False, indent=1).encode()
    if len(data) <= 65536:
        with open(os.path.join(sys.argv[2], hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
PY
done

# --- response_parse: status byte, content-type byte, header flags byte, body.
# Status indexes: 0 = 200, 5 = 400, 9 = 500. Content types: 0 none, 1 JSON, 3 text/xml, 5 HTML.
resp() { # resp STATUS CT FLAGS BODY
    { printf "\\x$(printf %02x "$1")\\x$(printf %02x "$2")\\x$(printf %02x "$3")"; printf '%s' "$4"; } | seed response_parse
}
resp 0 1 1 '{"RequestId":"4ECEEE12-56F1-4FBC-9AB1-890F1234****","Activation":{"ActivationId":"4ECEEE12-56F1-4FBC-9AB1-890F1234****","CreationTime":"2021-01-20T06:00:00Z","DeregisteredCount":0,"Description":"This is description.","InstanceCount":1,"InstanceName":"test-InstanceName","IpAddressRange":"0.0.0.0/0","RegisteredCount":"0","TimeToLiveInHours":4}}'
resp 0 3 0 '<?xml version="1.0" encoding="UTF-8"?><DeleteActivationResponse><RequestId>4ECEEE12</RequestId><Activation><ActivationId>4ECEEE12</ActivationId><DeregisteredCount>0</DeregisteredCount><InstanceCount>1</InstanceCount><RegisteredCount></RegisteredCount><TimeToLiveInHours>4</TimeToLiveInHours></Activation></DeleteActivationResponse>'
resp 0 0 0 '<DeregisterManagedInstanceResponse><RequestId>x</RequestId><Instance><InstanceId>mi-1</InstanceId><ActivationId>a</ActivationId><LastInvokedTime>t</LastInvokedTime><InvocationCount>3</InvocationCount></Instance></DeregisterManagedInstanceResponse>'
resp 0 1 0 '{"RequestId":"x","Instance":{"InstanceId":"mi-1","InvocationCount":"3","Hostname":"h","Connected":"true"}}'
resp 5 1 3 '{"RequestId":"r","HostId":"ecs.aliyuncs.com","Code":"Throttling","Message":"Request was denied due to request throttling.","Recommend":"https://api.aliyun.com/troubleshoot?q=Throttling","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy","AuthAction":"ecs:DeleteActivation"}}'
resp 5 3 1 '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>r</RequestId><HostId>h</HostId><Code>InvalidActivationId.NotFound</Code><Message>m</Message><Recommend>x</Recommend></Error>'
resp 9 0 0 '{"code":"InternalError.Dispatch","message":"An error occurred","requestId":"r"}'
resp 9 5 0 '<html><body><h1>502 Bad Gateway</h1></body></html>'
resp 0 1 0 '{"RequestId":"x","Activation":{"InstanceCount":1e400,"RegisteredCount":-9223372036854775809}}'
resp 0 1 0 "$(printf '\xef\xbb\xbf{"RequestId":"\xff\xfe"}')"
resp 0 1 0 "$(printf '%.0s[' {1..200})"
resp 0 3 0 "<DeleteActivationResponse>$(printf '%.0s<Activation>' {1..100})"

# --- lenient_de: mode byte (0 JSON, 1 XML, 2 text), then the text.
lenient() { { printf "\\x$(printf %02x "$1")"; printf '%s' "$2"; } | seed lenient_de; }
lenient 0 '{"Small":-2,"Big":"9007199254740993","Single":1.5,"Double":" -0.25 ","Flag":"True","Inner":{"Small":"2.0","Items":[{"Big":1e3},{"Flag":null}]}}'
lenient 0 '{"Small":"","Big":null,"Single":"NaN","Double":"-inf","Flag":"false"}'
lenient 1 '<R><Small>-2</Small><Big>9007199254740993</Big><Single>1.5</Single><Double> -0.25 </Double><Flag>true</Flag><Inner><Small/></Inner><Items><Big>1</Big></Items><Items><Flag>FALSE</Flag></Items></R>'
lenient 1 '<R><Small><Nested>1</Nested></Small><Big></Big></R>'
for t in 0 -0 2147483648 -9223372036854775808 9.3e18 2.5 1e3 "  7 " true FALSE yes inf NaN 0x10 +1 1_000 ""; do
    lenient 2 "$t"
done

# --- sign_canonical: flags byte, then name NUL value NUL ...
sign() { { printf "\\x$(printf %02x "$1")"; printf "$2"; } | seed sign_canonical; }
sign 0 'RegionId\0cn-hangzhou\0ActivationId\04ECEEE12-56F1-4FBC-9AB1-890F1234****'
sign 3 'Tag.1.Key\0a b\0Tag.1.Value\0+*~%%/=&\0Tag.1.Key\0\0中文\0é'
sign 6 'a{\0x\0aZ\0y\0\0\0=\0&'
sign 9 'Name\0%%20\0Name\0%%2B\0Name\0 '
sign 15 'SecurityToken\0x\0Signature\0y\0Format\0XML'

total=$(find "$seeds" -type f | wc -l)
echo "fuzz seeds: $total files in $seeds"
for t in "$seeds"/*; do echo "  $(basename "$t"): $(find "$t" -type f | wc -l)"; done
