#!/usr/bin/env bash
# coprod — co-production toolkit. Apache-2.0.
#
# Installs coprod under PREFIX (default /usr/local) so it runs from any folder:
#   PREFIX/bin/coprod                                  the binary (release build)
#   PREFIX/share/coprod/plugins/                       the bundled plugins (the binary finds them here)
#   PREFIX/share/bash-completion/completions/coprod    shell completions (bash, zsh, fish)
#   PREFIX/share/zsh/site-functions/_coprod
#   PREFIX/share/fish/vendor_completions.d/coprod.fish
#   PREFIX/share/man/man1/coprod.1                     the man page (scripts/manpage.py)
#
# Usage: scripts/install.sh [PREFIX]
#   COPROD_CONFIGURATION=debug scripts/install.sh /tmp/x   installs a debug build (quicker to build)
#
# Each part is copied to a temporary name beside its place and renamed into it, so a failed
# install leaves the previous one working.
set -euo pipefail

prefix="${1:-/usr/local}"
configuration="${COPROD_CONFIGURATION:-release}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ "$configuration" = release ]; then
  swift build -c release --product coprod --static-swift-stdlib >&2
else
  swift build -c "$configuration" --product coprod >&2
fi
binary="$(swift build -c "$configuration" --show-bin-path)/coprod"

mkdir -p "$prefix/bin" "$prefix/share/coprod" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
  "$prefix/share/fish/vendor_completions.d"

# Puts the file or folder $1 at $2 through a temporary name beside it.
place() {
  local staged="$2.installing.$$"
  rm -rf "$staged"
  cp -R "$1" "$staged"
  rm -rf "$2.old.$$"
  if [ -e "$2" ]; then mv "$2" "$2.old.$$"; fi
  mv "$staged" "$2"
  rm -rf "$2.old.$$"
}

place "$binary" "$prefix/bin/coprod"
chmod 0755 "$prefix/bin/coprod"

plugins="$(mktemp -d)"
trap 'rm -rf "$plugins"' EXIT
for folder in plugins/*/; do
  [ -f "$folder/plugin.yaml" ] && cp -R "$folder" "$plugins/"
done
place "$plugins" "$prefix/share/coprod/plugins"
chmod -R a+rX "$prefix/share/coprod/plugins"

generated="$(mktemp -d)"
trap 'rm -rf "$plugins" "$generated"' EXIT
"$prefix/bin/coprod" --generate-completion-script bash > "$generated/coprod"
"$prefix/bin/coprod" --generate-completion-script zsh > "$generated/_coprod"
"$prefix/bin/coprod" --generate-completion-script fish > "$generated/coprod.fish"
python3 scripts/manpage.py "$prefix/bin/coprod" > "$generated/coprod.1"
place "$generated/coprod" "$prefix/share/bash-completion/completions/coprod"
place "$generated/_coprod" "$prefix/share/zsh/site-functions/_coprod"
place "$generated/coprod.fish" "$prefix/share/fish/vendor_completions.d/coprod.fish"
place "$generated/coprod.1" "$prefix/share/man/man1/coprod.1"

echo "installed coprod $("$prefix/bin/coprod" --version) in $prefix"
echo "  bundled plugins: $prefix/share/coprod/plugins ($(ls "$prefix/share/coprod/plugins" | wc -l) plugins)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "  add $prefix/bin to your PATH to run coprod from any folder" ;;
esac
