#!/usr/bin/env bash
# Sends one call to the demo gateway as the `generic` dialer, signed per Standard Webhooks.
#   docs/examples/send-generic-call.sh [OUTCOME] [SALESFORCE_WHO_ID]
#   TENANT=globex docs/examples/send-generic-call.sh      # the demo tenant connected to Salesforce, HubSpot and Bullhorn
# OUTCOME is a canonical outcome (MEETING_BOOKED, LEFT_VOICEMAIL, NO_ANSWER, ...) in any case, or any label (one
# that reads like an opt-out, such as 'please do not call me', becomes DO_NOT_CONTACT); default MEETING_BOOKED.
# Needs curl and openssl. The secrets are the demo tenants' published ones (src/test/resources/application-demo.yaml).
set -euo pipefail
outcome=${1:-MEETING_BOOKED}
who=${2:-003000000000001AAA}
tenant=${TENANT:-default}
url=${GATEWAY_URL:-http://localhost:8080}/webhooks/$tenant/generic
case "$tenant" in
  globex) default_secret=whsec_Z2xvYmV4LWdlbmVyaWMtc2lnbmluZy1rZXk= ;;
  *) default_secret=whsec_ZGVtby1nZW5lcmljLXNpZ25pbmcta2V5LTAxMjM0NTY= ;;
esac
secret=${GENERIC_SECRET:-$default_secret}

id="msg_$(date +%s)_$RANDOM"
ts=$(date +%s)
body=$(printf '{"type":"call.ended","callId":"demo-%s","occurredAt":"%s","outcome":"%s","direction":"OUTBOUND","from":"+14155550100","to":"+14155550199","durationSeconds":184,"notes":"Sent by docs/examples/send-generic-call.sh","prospect":{"crmIds":{"salesforce":"%s","hubspot":"101","bullhorn":"5059165"}}}' \
  "$RANDOM$RANDOM" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$outcome" "$who")
key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \n')
signature=$(printf '%s.%s.%s' "$id" "$ts" "$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)

curl -sS -X POST "$url" -H 'Content-Type: application/json' \
  -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$signature" \
  --data "$body"
echo
