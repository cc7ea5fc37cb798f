#!/usr/bin/env bash
# System libraries report-gen needs that pip cannot install: Pango (WeasyPrint's text layout).
# With WITH_TEST_TOOLS=1 also Debian's chromium (the browser test of the HTML review),
# poppler-utils (pdftotext, pdffonts: the tests read the PDF review back), softhsm2 (a PKCS#11
# token in software: the signing tests sign through a token) and LibreOffice Writer and Calc
# without a GUI (the test of the Word copy converts it to PDF; the form tests print the form and
# save it in other formats).
# Installs with apt-get when missing and allowed (root or sudo); otherwise says what to install.
set -eu
need=()
if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0'; then
  need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fi
if [ "${WITH_TEST_TOOLS:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  need+=(chromium)
fi
if [ "${WITH_TEST_TOOLS:-0}" = 1 ] && ! command -v pdftotext >/dev/null 2>&1; then
  need+=(poppler-utils)
fi
if [ "${WITH_TEST_TOOLS:-0}" = 1 ] && ! command -v softhsm2-util >/dev/null 2>&1; then
  need+=(softhsm2)
fi
# soffice alone may be Calc's: Writer is what opens a .docx
if [ "${WITH_TEST_TOOLS:-0}" = 1 ] && { ! command -v soffice >/dev/null 2>&1 ||
    [ ! -e /usr/lib/libreoffice/program/libswlo.so ]; }; then
  need+=(libreoffice-writer-nogui)
fi
# Calc: the form tests print the form to PDF and save it as .xlsx, .xls and .ods
if [ "${WITH_TEST_TOOLS:-0}" = 1 ] && [ ! -e /usr/lib/libreoffice/program/libsclo.so ]; then
  need+=(libreoffice-calc-nogui)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Cần cài các gói hệ thống: ${need[*]} (apt-get install ${need[*]})" >&2; exit 1
fi
echo "Cài các gói hệ thống: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
