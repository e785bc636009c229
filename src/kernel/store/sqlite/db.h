// Transitional: the store interface moved to store/db.h (SQLite is store/sqlite/sqlite_db.h).
// Kept only so that files not yet changed (hotline/service.cc, hotline/engine.cc and the
// capability headers) build; include "store/db.h" instead. Exposes nothing of SQLite.
#pragma once

#include "store/db.h"
