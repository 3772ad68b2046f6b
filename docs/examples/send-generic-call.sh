#!/usr/bin/env bash
# Sends one call to the demo gateway as the `generic` dialer, signed per Standard Webhooks.
#   docs/examples/send-generic-call.sh [OUTCOME] [SALESFORCE_WHO_ID]
# OUTCOME is a canonical outcome (MEETING_BOOKED, LEFT_VOICEMAIL, NO_ANSWER, ...); default MEETING_BOOKED.
# Needs curl and openssl. The secret is the demo tenant's published one (src/test/resources/application-demo.yaml).
set -euo pipefail
outcome=${1:-MEETING_BOOKED}
who=${2:-003000000000001AAA}
url=${GATEWAY_URL:-http://localhost:8080}/webhooks/generic
secret=${GENERIC_SECRET:-whsec_ZGVtby1nZW5lcmljLXNpZ25pbmcta2V5LTAxMjM0NTY=}

id="msg_$(date +%s)_$RANDOM"
ts=$(date +%s)
body=$(printf '{"type":"call.ended","callId":"demo-%s","occurredAt":"%s","outcome":"%s","direction":"OUTBOUND","from":"+14155550100","to":"+14155550199","durationSeconds":184,"notes":"Sent by docs/examples/send-generic-call.sh","prospect":{"crmIds":{"salesforce":"%s"}}}' \
  "$RANDOM$RANDOM" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$outcome" "$who")
key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \n')
signature=$(printf '%s.%s.%s' "$id" "$ts" "$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)

curl -sS -X POST "$url" -H 'Content-Type: application/json' \
  -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$signature" \
  --data "$body"
echo
