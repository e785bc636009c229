#include "store/pool.h"

#include "store/sqlite/sqlite_db.h"

namespace liaison::store {

Result<std::unique_ptr<Pool>> Pool::open(const std::string& path, const SchemaSteps& schema,
                                         int readers) {
  return open(&SqliteDb::open, path, schema, readers);
}

Result<std::unique_ptr<Pool>> Pool::open(Opener open_db, const std::string& path,
                                         const SchemaSteps& schema, int readers) {
  std::unique_ptr<Pool> pool(new Pool(std::move(open_db), path));
  LIAISON_ASSIGN_OR_RETURN(pool->writer_, pool->open_db_(path, false));
  LIAISON_RETURN_IF_ERROR(migrate(*pool->writer_));
  LIAISON_RETURN_IF_ERROR(apply_schema_steps(*pool->writer_, schema));
  for (int i = 0; i < readers; ++i) {
    LIAISON_ASSIGN_OR_RETURN(auto db, pool->open_db_(path, false));
    pool->readers_.push_back(std::move(db));
  }
  pool->reader_count_ = readers;
  return pool;
}

Status Pool::write(const std::function<Status(Db&)>& fn) {
  Status st;
  {
    std::lock_guard lock(write_mu_);
    st = in_transaction(*writer_, [&] { return fn(*writer_); });
  }
  if (st.is_ok() && after_commit_) after_commit_();
  return st;
}

Status Pool::read(const std::function<Status(Db&)>& fn) {
  std::unique_ptr<Db> db;
  {
    std::unique_lock lock(read_mu_);
    read_cv_.wait(lock, [&] { return !readers_.empty(); });
    db = std::move(readers_.back());
    readers_.pop_back();
  }
  // The connection goes back to the pool whatever happens, also if fn throws.
  struct GiveBack {
    Pool& pool;
    std::unique_ptr<Db>& db;
    ~GiveBack() {
      (void)db->commit();
      {
        std::lock_guard lock(pool.read_mu_);
        pool.readers_.push_back(std::move(db));
      }
      pool.read_cv_.notify_one();
    }
  } give_back{*this, db};
  LIAISON_RETURN_IF_ERROR(db->begin_read());
  return fn(*db);
}

Status Pool::try_read_apart(const std::function<Status(Db&)>& fn) {
  std::unique_ptr<Db> db;
  {
    std::lock_guard lock(apart_mu_);
    if (apart_busy_ >= apart_slots_) {
      return Status(StatusCode::kResourceExhausted, "every connection for searches is busy");
    }
    ++apart_busy_;
    if (!apart_idle_.empty()) {
      db = std::move(apart_idle_.back());
      apart_idle_.pop_back();
    }
  }
  if (!db) {
    auto opened = open_db_(path_, false);
    if (!opened.is_ok()) {
      std::lock_guard lock(apart_mu_);
      --apart_busy_;
      return opened.status();
    }
    db = std::move(*opened);
    // Searches read the same index pages again and again: keep them in this connection's
    // cache (64 MiB) instead of the default 2 MiB, which would fetch them from the OS each time.
    if (Status st = db->widen_cache(); !st.is_ok()) {
      std::lock_guard lock(apart_mu_);
      --apart_busy_;
      return st;
    }
  }
  // As in read(): the connection goes back whatever happens.
  struct GiveBack {
    Pool& pool;
    std::unique_ptr<Db>& db;
    ~GiveBack() {
      (void)db->commit();
      std::lock_guard lock(pool.apart_mu_);
      pool.apart_idle_.push_back(std::move(db));
      --pool.apart_busy_;
    }
  } give_back{*this, db};
  LIAISON_RETURN_IF_ERROR(db->begin_read());
  return fn(*db);
}

}  // namespace liaison::store
