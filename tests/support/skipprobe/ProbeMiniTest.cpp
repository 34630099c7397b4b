// A MiniTest executable for tst_skip_reporting: one passing case, and by PROBE_MODE_* a case that skips
// for an absent fixture (MINITEST_REQUIRE_FILE), and one that fails.
#include "support/MiniTest.h"

MINITEST_CASE(passes)
{
    MINITEST_CHECK(1 + 1 == 2);
}

#if defined(PROBE_MODE_skip) || defined(PROBE_MODE_skip_and_fail)
MINITEST_CASE(skips_without_fixture)
{
    MINITEST_REQUIRE_FILE(delineate::test::samFixture("probe.pth"));
    MINITEST_CHECK(false); // not reached: the shared folder of the probe does not exist
}
#endif

#if defined(PROBE_MODE_skip_and_fail)
MINITEST_CASE(fails)
{
    MINITEST_CHECK(1 + 1 == 3);
}
#endif

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
