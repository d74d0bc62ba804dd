#!/bin/sh
# Refreshes README's two screenshots from the browser tests (issue 19 item 6): the customer's order page and the desk
# queue. The journeys save every page they visit to artifacts/screenshots/ as they run (Playwright's screenshot over
# Chromium's DevTools protocol); this runs the two journeys on SQLite and copies the two pictures here. Commit them.
set -eu
cd "$(dirname "$0")/../.."
dotnet build tests/IntegrationHub.EndToEnd.Tests -c Release -nologo -v q
dotnet test tests/IntegrationHub.EndToEnd.Tests -c Release --no-build \
  --filter "FullyQualifiedName~PortalJourneyTests+OnSqlite.Customer_FindsTheirOrder|FullyQualifiedName~DeskBoardJourneyTests+OnSqlite.NewTicketAppearsLive"
cp artifacts/screenshots/portal-order-in-production.png docs/images/portal-order.png
cp artifacts/screenshots/desk-queue-new-ticket.png docs/images/desk-queue.png
echo "docs/images/portal-order.png and docs/images/desk-queue.png refreshed"
