// Fixture for tst_layering: a clean core/ header.
#pragma once
#include <vector>
