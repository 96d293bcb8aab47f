// lucia_try_in_subtransaction (subtransaction.hpp), after PL/pgSQL's exception blocks.
#include "subtransaction.hpp"

extern "C" {
#include "access/xact.h"
#include "utils/resowner.h"
}

bool lucia_try_in_subtransaction(void (*body)(void *arg), void *arg, bool (*accepted)(int sqlerrcode)) {
    MemoryContext context = CurrentMemoryContext;
    ResourceOwner owner = CurrentResourceOwner;
    volatile bool succeeded = false;
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(context);
    PG_TRY();
    {
        body(arg);
        ReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(context);
        CurrentResourceOwner = owner;
        succeeded = true;
    }
    PG_CATCH();
    {
        MemoryContextSwitchTo(context);
        ErrorData *error = CopyErrorData();
        FlushErrorState();
        RollbackAndReleaseCurrentSubTransaction();
        MemoryContextSwitchTo(context);
        CurrentResourceOwner = owner;
        if (!accepted(error->sqlerrcode)) ReThrowError(error);
        FreeErrorData(error);
    }
    PG_END_TRY();
    return succeeded;
}
