#!/usr/bin/env python3
"""The inventory read of Link Center's sync, written with Microsoft's official Python SDKs.

A baseline for the sync benchmark: the same ARM reads as server/src/inventory/fetch.rs, done the
way a platform engineer's script would do them: one azure-mgmt-* client per provider, one
subscription after another and one type after another, each pager iterated to its last page,
nothing in parallel. The bench starts the ARM emulator, runs this script against it and compares
its wall time and request count with the Rust sync's.

Usage: sync-sdk.py EMULATOR_URL  (packages: scripts/requirements-bench.txt, in .venv)

Prints one line of JSON to stdout, `{"seconds", "requests", "subscriptions", "services",
"endpoints", "connections", "errors"}`: seconds from the first client to the last page (imports
excluded), HTTP requests sent (retries included), private link services, private endpoints, the
PLS connections embedded in the services, and the lists that failed. A failed list
(HttpResponseError, which includes the SDK's DecodeError) is counted, reported on stderr, and the
read goes on, so a provider the emulator does not serve does not stop it.

Like emulator/sdk/check.py: azure-core refuses bearer tokens over http, so an authentication
policy of our own sets the header. All clients share one transport (one connection pool), as
the Rust sync shares one HTTP client.
"""

import json
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError
from azure.core.pipeline.policies import SansIOHTTPPolicy
from azure.core.pipeline.transport import RequestsTransport
from azure.mgmt.cdn import CdnManagementClient
from azure.mgmt.containerregistry import ContainerRegistryManagementClient
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.cosmosdb import CosmosDBManagementClient
from azure.mgmt.keyvault import KeyVaultManagementClient
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.privatedns import PrivateDnsManagementClient
from azure.mgmt.resource.subscriptions import SubscriptionClient
from azure.mgmt.sql import SqlManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.mgmt.web import WebSiteManagementClient

TOKEN = "emulator-token"

# api-versions the emulator serves (emulator/src/api_version.rs), the Rust sync's, for the
# clients whose default is newer than the emulator knows. Network (2026-03-01), Cosmos DB
# (2026-03-15), Container Registry (2025-11-01), Web (2025-05-01), private DNS (2024-06-01)
# and subscriptions (2022-12-01) keep their SDK defaults, which it serves.
PINNED = {
    ContainerServiceClient: "2024-05-01",
    CdnManagementClient: "2024-09-01",
    SqlManagementClient: "2023-08-01",
    StorageManagementClient: "2023-05-01",
    KeyVaultManagementClient: "2026-02-01",
}


class StaticCredential:
    """A TokenCredential handing out a fixed token (the emulator accepts any)."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(TOKEN, 4_102_444_800)


class BearerOverHttp(SansIOHTTPPolicy):
    """Adds the bearer token without azure-core's https-only check."""

    def on_request(self, request):
        request.http_request.headers["Authorization"] = f"Bearer {TOKEN}"


class CountRequests(SansIOHTTPPolicy):
    """Counts requests sent; a per-retry policy, so each attempt of a retried call counts."""

    def __init__(self):
        self.sent = 0

    def on_request(self, request):
        self.sent += 1


class Sync:
    def __init__(self, url):
        self.url = url
        self.counter = CountRequests()
        self.transport = RequestsTransport()
        self.errors = 0

    def client(self, cls, *subscription):
        kwargs = {"api_version": PINNED[cls]} if cls in PINNED else {}
        return cls(
            StaticCredential(),
            *subscription,
            base_url=self.url,
            authentication_policy=BearerOverHttp(),
            per_retry_policies=[self.counter],
            transport=self.transport,
            **kwargs,
        )

    def read(self, what, pager):
        """Every item of a pager, or of the `value` of a call's list answer; none if it fails."""
        try:
            items = pager() if callable(pager) else pager
            return list(items.value or []) if hasattr(items, "value") else list(items)
        except HttpResponseError as error:
            self.errors += 1
            reason = error.message.splitlines()[0] if error.message else repr(error)
            print(f"sync-sdk: {what}: {type(error).__name__} {error.status_code}: {reason}", file=sys.stderr)
            return []


def group_of(resource_id):
    return resource_id.split("/")[4]


def run(url):
    sync = Sync(url)
    subscriptions = sync.read("subscriptions", sync.client(SubscriptionClient).subscriptions.list())
    totals = {"services": 0, "endpoints": 0, "connections": 0}
    for subscription in subscriptions:
        counts = read_subscription(sync, subscription.subscription_id)
        for key in totals:
            totals[key] += counts[key]
    return {
        "requests": sync.counter.sent,
        "subscriptions": len(subscriptions),
        **totals,
        "errors": sync.errors,
    }


def read_subscription(sync, sub):
    network = sync.client(NetworkManagementClient, sub)
    aks = sync.client(ContainerServiceClient, sub)
    cdn = sync.client(CdnManagementClient, sub)
    web = sync.client(WebSiteManagementClient, sub)
    dns = sync.client(PrivateDnsManagementClient, sub)

    services = sync.read(f"{sub} privateLinkServices", network.private_link_services.list_by_subscription())
    endpoints = sync.read(f"{sub} privateEndpoints", network.private_endpoints.list_by_subscription())
    sync.read(f"{sub} loadBalancers", network.load_balancers.list_all())
    clusters = sync.read(f"{sub} managedClusters", aks.managed_clusters.list())

    for profile in sync.read(f"{sub} profiles", cdn.profiles.list()):
        sku = (profile.sku.name or "") if profile.sku else ""
        if (profile.kind or "").lower() != "frontdoor" and not sku.endswith("_AzureFrontDoor"):
            continue
        group, name = group_of(profile.id), profile.name
        sync.read(f"{profile.id}/afdEndpoints", cdn.afd_endpoints.list_by_profile(group, name))
        groups = cdn.afd_origin_groups.list_by_profile(group, name)
        for origin_group in sync.read(f"{profile.id}/originGroups", groups):
            sync.read(
                f"{origin_group.id}/origins",
                cdn.afd_origins.list_by_origin_group(group, name, origin_group.name),
            )

    # PaaS targets: these lists embed their private endpoint connections...
    sync.read(f"{sub} sql servers", sync.client(SqlManagementClient, sub).servers.list())
    sync.read(f"{sub} storageAccounts", sync.client(StorageManagementClient, sub).storage_accounts.list())
    sync.read(f"{sub} vaults", sync.client(KeyVaultManagementClient, sub).vaults.list_by_subscription())
    sync.read(f"{sub} databaseAccounts", sync.client(CosmosDBManagementClient, sub).database_accounts.list())
    sync.read(f"{sub} registries", sync.client(ContainerRegistryManagementClient, sub).registries.list())
    # ...Web apps' and private AKS clusters' are listed per resource.
    for site in sync.read(f"{sub} sites", web.web_apps.list()):
        sync.read(
            f"{site.id}/privateEndpointConnections",
            web.web_apps.get_private_endpoint_connection_list(group_of(site.id), site.name),
        )
    for cluster in clusters:
        profile = cluster.api_server_access_profile
        if profile and profile.enable_private_cluster:
            sync.read(
                f"{cluster.id}/privateEndpointConnections",
                lambda: aks.private_endpoint_connections.list(group_of(cluster.id), cluster.name),
            )

    for zone in sync.read(f"{sub} privateDnsZones", dns.private_zones.list()):
        sync.read(
            f"{zone.id}/virtualNetworkLinks",
            dns.virtual_network_links.list(
                resource_group_name=group_of(zone.id), private_zone_name=zone.name
            ),
        )
    for endpoint in endpoints:
        connections = (endpoint.private_link_service_connections or []) + (
            endpoint.manual_private_link_service_connections or []
        )
        if any(c.group_ids for c in connections):
            sync.read(
                f"{endpoint.id}/privateDnsZoneGroups",
                network.private_dns_zone_groups.list(
                    private_endpoint_name=endpoint.name, resource_group_name=group_of(endpoint.id)
                ),
            )

    connections = sum(len(s.private_endpoint_connections or []) for s in services)
    return {"services": len(services), "endpoints": len(endpoints), "connections": connections}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sync-sdk.py EMULATOR_URL")
    started = time.perf_counter()
    result = run(sys.argv[1].rstrip("/"))
    print(json.dumps({"seconds": round(time.perf_counter() - started, 3), **result}))
