#include "store/open.h"

#include <string>

#include "store/portable_db.h"
#include "store/sqlite/sqlite_db.h"

namespace liaison::store {

Result<std::unique_ptr<Db>> Db::open(const std::string& path, bool read_only) {
  return SqliteDb::open(path, read_only);
}

Result<Opener> opener(std::string_view kind) {
  if (kind == "sqlite") return Opener(&SqliteDb::open);
  if (kind == "sqlite-portable-check") {
    return Opener([](const std::string& path, bool read_only) -> Result<std::unique_ptr<Db>> {
      LIAISON_ASSIGN_OR_RETURN(std::unique_ptr<Db> inner, SqliteDb::open(path, read_only));
      return std::unique_ptr<Db>(std::make_unique<PortableDb>(std::move(inner)));
    });
  }
  return invalid_argument(
      "unknown store kind \"" + std::string(kind) + "\" (sqlite, sqlite-portable-check)",
      "store.kind");
}

}  // namespace liaison::store
