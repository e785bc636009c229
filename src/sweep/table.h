// One of the sweep index's large tables: its elements either held here (an index being built)
// or lying in a saved index file that the Index keeps mapped (a loaded one). Lookups read
// through data()/size()/operator[] the same way in both cases; the mutating calls, for
// building, work on a held table only. Not thread-safe while being built; read-only after.
#pragma once

#include <cstddef>
#include <utility>

#include "sweep/huge_pages.h"

namespace liaison::sweep {

template <class T>
class Table {
 public:
  using value_type = T;

  Table() = default;
  Table(Table&& o) noexcept { *this = std::move(o); }
  Table& operator=(Table&& o) noexcept {
    held_ = std::move(o.held_);
    if (o.viewed_) {
      p_ = o.p_;
      n_ = o.n_;
      viewed_ = true;
    } else {
      sync();
    }
    o.held_ = {};
    o.sync();
    return *this;
  }
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  const T* data() const { return p_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const T& operator[](size_t i) const { return p_[i]; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + n_; }

  // Building (a held table: what assign() or push_back() made). Not operator[], so that a
  // read in a non-const member function never lands on the held vector of a viewed table.
  T& at_held(size_t i) { return held_[i]; }
  void assign(size_t n, const T& v) {
    held_.assign(n, v);
    sync();
  }
  void push_back(const T& v) {
    held_.push_back(v);
    sync();
  }
  template <class It>
  void append(It first, It last) {
    held_.insert(held_.end(), first, last);
    sync();
  }
  void reserve(size_t n) {
    held_.reserve(n);
    sync();
  }
  void clear() {
    held_ = {};
    sync();
  }
  // Reads n elements at p, which must outlive this table (a mapped file the Index keeps).
  void view(const T* p, size_t n) {
    held_ = {};
    p_ = p;
    n_ = n;
    viewed_ = true;
  }

 private:
  void sync() {
    p_ = held_.data();
    n_ = held_.size();
    viewed_ = false;
  }
  HugeVector<T> held_;
  const T* p_ = nullptr;
  size_t n_ = 0;
  bool viewed_ = false;
};

}  // namespace liaison::sweep
