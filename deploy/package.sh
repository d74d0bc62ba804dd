#!/usr/bin/env bash
# Builds the Debian package of the hub: integrationhub_<version>_amd64.deb (issue 19 item 1).
#   deploy/package.sh [--version V] [--out DIR]
# V defaults to deploy/package/VERSION (the hub's one version; Hub.Host's build reads it too); DIR to artifacts/package.
# The hub is published self-contained for linux-x64, so the target machine needs no .NET. Layout of the package:
#   /usr/lib/integrationhub/          the published hub; its appsettings.json is a link to the conffile below
#   /usr/bin/hub                      link to /usr/lib/integrationhub/hub: the admin commands on the PATH
#   /etc/integrationhub/appsettings.json   the settings, a dpkg conffile (kept on upgrade)
#   /lib/systemd/system/integrationhub.service
# postinst creates the system user integrationhub and /var/lib/integrationhub (0750); see deploy/package/debian/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
package_dir="$repo/deploy/package"
version=$(tr -d '[:space:]' < "$package_dir/VERSION")
out="$repo/artifacts/package"

while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (expected --version V, --out DIR)" >&2; exit 64 ;;
  esac
done

# One version string serves dpkg and .NET (whose assembly version takes up to four numbers): digits and dots only.
if ! [[ "$version" =~ ^[0-9]+(\.[0-9]+){1,3}$ ]]; then
  echo "package.sh: version '$version' must be 2 to 4 numbers separated by dots, e.g. 0.19.0" >&2
  exit 64
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
publish="$out/publish-$version"
stage="$out/stage-$version"
deb="$out/integrationhub_${version}_amd64.deb"
rm -rf "$publish" "$stage" "$deb"

echo "[package] publishing the hub $version (self-contained, linux-x64)"
# No build servers: the script also runs inside a test, which must not leave MSBuild nodes behind.
dotnet publish "$repo/Hub.Host/IntegrationHub.Hub.Host.csproj" --configuration Release --runtime linux-x64 \
  --self-contained true -p:HubVersion="$version" --output "$publish" --nologo --verbosity quiet \
  --disable-build-servers -nodeReuse:false

echo "[package] laying out $stage"
install -d -m 0755 "$stage/DEBIAN" "$stage/usr/lib" "$stage/usr/bin" "$stage/etc/integrationhub" "$stage/lib/systemd/system"
cp -a "$publish" "$stage/usr/lib/integrationhub"
rm -f "$stage/usr/lib/integrationhub/"*.pdb
# The hub (server and admin commands alike) reads appsettings.json beside the executable: that is the conffile.
rm -f "$stage/usr/lib/integrationhub/appsettings.json"
ln -s /etc/integrationhub/appsettings.json "$stage/usr/lib/integrationhub/appsettings.json"
ln -s ../lib/integrationhub/hub "$stage/usr/bin/hub"
install -m 0640 "$package_dir/appsettings.json" "$stage/etc/integrationhub/appsettings.json"
install -m 0644 "$package_dir/integrationhub.service" "$stage/lib/systemd/system/integrationhub.service"
install -m 0644 "$package_dir/debian/conffiles" "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$package_dir/debian/$script" "$stage/DEBIAN/$script"
done
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" "$package_dir/debian/control.in" > "$stage/DEBIAN/control"
chmod 0644 "$stage/DEBIAN/control"

echo "[package] building $deb"
# --root-owner-group: every file root's, whoever builds; postinst gives the user what is the user's.
# gzip rather than dpkg's default xz: several times faster on ~100 MB, and read by every dpkg.
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
# Only the package stays: the publish and the staging folder are ~100 MB each.
rm -rf "$stage" "$publish"
echo "[package] $deb"
