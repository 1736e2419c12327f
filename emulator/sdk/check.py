"""Official-SDK conformance: Microsoft's azure-mgmt-network drives the Link Center ARM emulator.

Lists private link services and private endpoints (following nextLink), approves a Pending
connection and reads it back Approved, then removes one through the SDK's long-running poller.

Usage: check.py EMULATOR_URL SUBSCRIPTION_ID

The emulator speaks plain HTTP on loopback. azure-core refuses to send a bearer token over
http (BearerTokenCredentialPolicy's https check), so the client gets an authentication policy of
our own that sets the header; everything else is the SDK's own pipeline, models and pollers.
"""

import sys

from azure.core.credentials import AccessToken
from azure.core.pipeline.policies import SansIOHTTPPolicy
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.network.models import PrivateLinkServiceConnectionState

TOKEN = "emulator-token"


class StaticCredential:
    """A TokenCredential handing out a fixed token (the emulator accepts any)."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(TOKEN, 4_102_444_800)


class BearerOverHttp(SansIOHTTPPolicy):
    """Adds the bearer token without azure-core's https-only check."""

    def on_request(self, request):
        request.http_request.headers["Authorization"] = f"Bearer {TOKEN}"


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok - {name}")
        else:
            self.failed += 1
            print(f"not ok - {name} {detail}")


def state(connection):
    return connection.private_link_service_connection_state.status


def main(url, subscription):
    client = NetworkManagementClient(
        StaticCredential(),
        subscription,
        base_url=url,
        authentication_policy=BearerOverHttp(),
        retry_total=2,
    )
    checks = Checks()

    services = list(client.private_link_services.list_by_subscription())
    names = sorted(s.name for s in services)
    checks.check("lists private link services across pages", "myPLS" in names and len(names) >= 3, names)
    pls = next(s for s in services if s.name == "myPLS")
    checks.check("decodes NAT IP configurations", pls.ip_configurations[0].private_ip_address == "10.224.10.10")
    checks.check("decodes tags", pls.tags.get("k8s-azure-owner-service") == "default/super-api", pls.tags)

    endpoints = list(client.private_endpoints.list_by_subscription())
    checks.check("lists private endpoints", len(endpoints) >= 1, len(endpoints))

    group = pls.id.split("/")[4]
    connections = list(client.private_link_services.list_private_endpoint_connections(group, "myPLS"))
    pending = [c for c in connections if state(c) == "Pending"]
    checks.check("finds Pending connections on myPLS", len(pending) >= 1, [state(c) for c in connections])
    if not pending:
        return checks

    target = pending[0]
    target.private_link_service_connection_state = PrivateLinkServiceConnectionState(
        status="Approved", description="approved by the azure-mgmt-network check"
    )
    updated = client.private_link_services.update_private_endpoint_connection(group, "myPLS", target.name, target)
    checks.check("approve answers the connection Approved", state(updated) == "Approved", state(updated))
    again = client.private_link_services.get_private_endpoint_connection(group, "myPLS", target.name)
    checks.check("reads it back Approved", state(again) == "Approved", state(again))
    checks.check(
        "keeps the justification",
        again.private_link_service_connection_state.description == "approved by the azure-mgmt-network check",
    )

    poller = client.private_link_services.begin_delete_private_endpoint_connection(
        group, "myPLS", target.name, polling_interval=0.2
    )
    poller.result(timeout=30)
    checks.check("remove completes through the SDK's poller", poller.status().lower() == "succeeded", poller.status())
    left = [c.name for c in client.private_link_services.list_private_endpoint_connections(group, "myPLS")]
    checks.check("the removed connection is gone", target.name not in left, left)
    return checks


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: check.py EMULATOR_URL SUBSCRIPTION_ID")
    result = main(sys.argv[1], sys.argv[2])
    print(f"sdk: {result.passed} passed, {result.failed} failed")
    sys.exit(1 if result.failed else 0)
