#!/usr/bin/python3
# The "browser" of sandbox tests: run with a URL by Connect-EksSso or the AWS CLI (BROWSER), it does what eksadmin
# would do on the page through the sandbox control endpoints: approve a device code, or authorize a PKCE request and
# follow the redirect back to the loopback listener. Logs each URL to $EKSSSO_TEST_BROWSER_LOG when that is set.
import json, os, sys, urllib.parse, urllib.request
url = sys.argv[-1]
if os.environ.get("EKSSSO_TEST_BROWSER_LOG"):
  with open(os.environ["EKSSSO_TEST_BROWSER_LOG"], "a") as log:
    log.write(url + "\n")
endpoint = os.environ["AWS_ENDPOINT_URL"].rstrip("/")
query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
def control(path, body):
    request = urllib.request.Request(endpoint + "/_sandbox/" + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as response:
        return json.load(response)
if "user_code" in query:
    control("approve-authorization", {"userCode": query["user_code"], "userName": "eksadmin"})
else:
    scopes = [s for s in query.get("scopes", "").replace(" ", ",").split(",") if s]
    answer = control("authorize-code", {"clientId": query["client_id"], "redirectUri": query["redirect_uri"], "codeChallenge": query["code_challenge"],
                                        "codeChallengeMethod": query["code_challenge_method"], "state": query["state"], "userName": "eksadmin", "scopes": scopes})
    with urllib.request.urlopen(answer["redirect"]) as response:
        response.read()
