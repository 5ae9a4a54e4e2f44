#pragma once
// Moved: the test process helper lives in tests/support/childprocess.h.
#include "tests/support/childprocess.h"
