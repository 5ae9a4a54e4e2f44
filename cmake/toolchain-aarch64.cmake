# Cross-compiling for arm64 (aarch64) boards on a Debian 12 amd64 machine (issue 24):
#   dpkg --add-architecture arm64, crossbuild-essential-arm64 and the :arm64 -dev packages
#   (multiarch: they install beside the amd64 ones, in /usr/lib/aarch64-linux-gnu); `./run package
#   --arch arm64` does all of it and builds in build-arm64/.
# Libraries and CMake packages come from the multiarch directories; headers from /usr/include
# (shared, architecture-independent in Debian). Qt's build tools (moc, rcc, qmlcachegen, lrelease)
# are the amd64 host's: QT_HOST_PATH below. Programs built here run under qemu-user-static
# (CMAKE_CROSSCOMPILING_EMULATOR), which ctest and gtest_discover_tests use by themselves.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Search /usr/lib/aarch64-linux-gnu (through CMAKE_LIBRARY_ARCHITECTURE) and the cross libc, never
# the host's /usr/lib/x86_64-linux-gnu; programs (compilers, moc) are the host's.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# pkg-config: Debian's cross wrapper reads /usr/lib/aarch64-linux-gnu/pkgconfig and /usr/share/pkgconfig.
set(PKG_CONFIG_EXECUTABLE /usr/bin/aarch64-linux-gnu-pkg-config CACHE FILEPATH "")

# Qt 6: the target's libraries and CMake files are the :arm64 packages, its tools the host's.
set(QT_HOST_PATH /usr CACHE PATH "")
set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake CACHE PATH "")

# With libc6:arm64 installed (a dependency of the :arm64 libraries) the loader is at its own path
# and qemu needs no -L; with -L every path is looked up under the prefix first, and
# test_circulation's first test never finished that way.
find_program(LASIS_QEMU_AARCH64 qemu-aarch64-static)
if(LASIS_QEMU_AARCH64 AND EXISTS /lib/ld-linux-aarch64.so.1)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LASIS_QEMU_AARCH64})
elseif(LASIS_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LASIS_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()
