// Built only by tst_layering (EXCLUDE_FROM_ALL): a consumer of delineate_fewshot that reaches for a private
// header of delineate_sam. The build must fail because src/ of another library is not on its include path.
#include "modeling/Sam.h"

int main()
{
    return 0;
}
