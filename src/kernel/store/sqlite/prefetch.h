// Reading a table's pages ahead of a whole scan (SqliteDb::large_scan): on a database
// file as a node's ingest leaves it, one table's pages lie scattered over the whole file, so
// a cold scan in key order waits on one small read after another (and the kernel's
// read-around reads much of the file besides). Pure hint: changes nothing, and any failure
// (an unreadable file, a page that is not what the b-tree format says) ends it quietly.
#pragma once

#include <cstdint>
#include <string>

namespace liaison::store {

// Walks the b-tree rooted at page `root` of the SQLite database file at `path` through its
// interior pages (read from the file; pages only in the WAL are missed, which costs nothing
// but their read-ahead) and asks the kernel to read its leaf pages into the page cache
// (POSIX_FADV_WILLNEED), in file order. Returns how many leaf pages it asked for. The file's
// descriptor is kept open for the life of the process (closing one would drop SQLite's locks).
int64_t prefetch_btree(const std::string& path, uint32_t root);

}  // namespace liaison::store
