// The request state machine, checked exhaustively against a table written out by hand from
// the contract (not derived from the implementation): every state x side x event.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "model/request.h"

namespace liaison::model {
namespace {

// One cell of the table: the state reached, or the error expected.
struct Expect {
  enum Kind { kTo, kDenied, kNotInState } kind;
  State to;
};

constexpr Expect T(State s) { return {Expect::kTo, s}; }
constexpr Expect DN = {Expect::kDenied, State::kDraft};      // permission_denied
constexpr Expect NO = {Expect::kNotInState, State::kDraft};  // failed_precondition

constexpr State Sub = State::kSubmitted;
constexpr State Ack = State::kAcknowledged;
constexpr State Inp = State::kInProgress;
constexpr State Pre = State::kPreserved;
constexpr State Nin = State::kNeedsInfo;
constexpr State Pos = State::kPostponed;
constexpr State Par = State::kPartiallyFulfilled;
constexpr State Ful = State::kFulfilled;
constexpr State Ref = State::kRefused;
constexpr State Wdr = State::kWithdrawn;
constexpr State Clo = State::kClosed;

// Every row is evaluated with resume_state = in_progress, so provide_info and resume lead
// to in_progress.
constexpr State kResume = State::kInProgress;

// Columns, in Event order:
//   submit, acknowledge, start, confirm_preserved, request_info, provide_info, postpone,
//   resume, fulfil_partially, fulfil, refuse, withdraw, close
// Rows: [state][0] = requester, [state][1] = requested party.
// clang-format off
constexpr Expect kTable[kStateCount][2][kEventCount] = {
    // draft
    {{T(Sub), DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, NO, NO, NO, NO, DN, NO, NO, NO, NO, NO, DN, DN}},
    // submitted
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, T(Ack), NO, NO, T(Nin), DN, NO, NO, NO, NO, T(Ref), DN, DN}},
    // acknowledged
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, NO, T(Inp), T(Pre), T(Nin), DN, T(Pos), NO, T(Par), T(Ful), T(Ref), DN, DN}},
    // in_progress
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, NO, NO, T(Pre), T(Nin), DN, T(Pos), NO, T(Par), T(Ful), T(Ref), DN, DN}},
    // preserved
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, NO, NO, T(Pre), T(Nin), DN, T(Pos), NO, T(Par), T(Ful), T(Ref), DN, DN}},
    // needs_info
    {{NO, DN, DN, DN, DN, T(kResume), DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, NO, NO, NO, NO, DN, NO, NO, NO, NO, T(Ref), DN, DN}},
    // postponed
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), NO},
     {DN, NO, NO, NO, NO, DN, NO, T(kResume), NO, T(Ful), T(Ref), DN, DN}},
    // partially_fulfilled
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, T(Wdr), T(Clo)},
     {DN, NO, NO, NO, T(Nin), DN, T(Pos), NO, T(Par), T(Ful), T(Ref), DN, DN}},
    // fulfilled
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, NO, T(Clo)},
     {DN, NO, NO, NO, NO, DN, NO, NO, NO, NO, NO, DN, DN}},
    // refused
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, NO, T(Clo)},
     {DN, NO, NO, NO, NO, DN, NO, NO, NO, NO, NO, DN, DN}},
    // withdrawn
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, NO, NO},
     {DN, NO, NO, NO, NO, DN, NO, NO, NO, NO, NO, DN, DN}},
    // closed
    {{NO, DN, DN, DN, DN, NO, DN, DN, DN, DN, DN, NO, NO},
     {DN, NO, NO, NO, NO, DN, NO, NO, NO, NO, NO, DN, DN}},
};
// clang-format on

constexpr Side kSides[] = {Side::kRequester, Side::kRequested};

// Arguments that satisfy every event, so that only side and state decide the outcome.
EventArgs full_args() {
  EventArgs a;
  a.reason = "the subscriber records are needed for the hearing";
  a.ground = RefusalGround::kOther;
  a.until = "2026-12-01T00:00:00Z";
  a.preserved_until = "2027-03-01T00:00:00Z";
  a.rating = 4;
  a.requested_ref = "US-2026-17";
  return a;
}

std::string cell_name(State s, Side side, Event e) {
  return std::string(to_string(s)) + " / " + to_string(side) + " / " + to_string(e);
}

TEST(StateMachineTest, EveryStateSideAndEventMatchesTheTable) {
  int checked = 0;
  for (int si = 0; si < kStateCount; ++si) {
    for (int sd = 0; sd < 2; ++sd) {
      for (int ei = 0; ei < kEventCount; ++ei) {
        const State s = static_cast<State>(si);
        const Event e = static_cast<Event>(ei);
        const Side side = kSides[sd];
        SCOPED_TRACE(cell_name(s, side, e));
        const Expect want = kTable[si][sd][ei];
        const RequestStatus before{s, kResume};
        const Result<RequestStatus> got = transition(before, e, side, full_args());
        ++checked;
        switch (want.kind) {
          case Expect::kTo: {
            ASSERT_TRUE(got.is_ok()) << got.status().to_string();
            EXPECT_EQ(got->state, want.to);
            // request_info and postpone remember where they came from; nothing else
            // touches resume_state.
            const bool remembers = e == Event::kRequestInfo || e == Event::kPostpone;
            EXPECT_EQ(got->resume_state, remembers ? s : kResume);
            break;
          }
          case Expect::kDenied:
            ASSERT_FALSE(got.is_ok());
            EXPECT_EQ(got.status().code(), StatusCode::kPermissionDenied);
            break;
          case Expect::kNotInState:
            ASSERT_FALSE(got.is_ok());
            EXPECT_EQ(got.status().code(), StatusCode::kFailedPrecondition);
            EXPECT_EQ(got.status().field(), "event");
            EXPECT_NE(got.status().message().find(to_string(s)), std::string::npos);
            EXPECT_NE(got.status().message().find(to_string(e)), std::string::npos);
            break;
        }
      }
    }
  }
  EXPECT_EQ(checked, 12 * 2 * 13);
}

TEST(StateMachineTest, TheTableAgreesWithOwnership) {
  // A sanity check on the hand-written table itself: a side that does not own the event is
  // always denied, and the owner is never denied.
  for (int si = 0; si < kStateCount; ++si) {
    for (int sd = 0; sd < 2; ++sd) {
      for (int ei = 0; ei < kEventCount; ++ei) {
        const bool owner = owner_of(static_cast<Event>(ei)) == kSides[sd];
        EXPECT_EQ(kTable[si][sd][ei].kind == Expect::kDenied, !owner)
            << cell_name(static_cast<State>(si), kSides[sd], static_cast<Event>(ei));
      }
    }
  }
}

TEST(StateMachineTest, OwnersOfEvents) {
  EXPECT_EQ(owner_of(Event::kSubmit), Side::kRequester);
  EXPECT_EQ(owner_of(Event::kProvideInfo), Side::kRequester);
  EXPECT_EQ(owner_of(Event::kWithdraw), Side::kRequester);
  EXPECT_EQ(owner_of(Event::kClose), Side::kRequester);
  for (Event e : {Event::kAcknowledge, Event::kStart, Event::kConfirmPreserved, Event::kRequestInfo,
                  Event::kPostpone, Event::kResume, Event::kFulfilPartially, Event::kFulfil,
                  Event::kRefuse}) {
    EXPECT_EQ(owner_of(e), Side::kRequested) << to_string(e);
  }
}

TEST(StateMachineTest, AllowedEventsMatchTheTableAndTransition) {
  for (int si = 0; si < kStateCount; ++si) {
    for (int sd = 0; sd < 2; ++sd) {
      const State s = static_cast<State>(si);
      const RequestStatus status{s, kResume};
      std::vector<Event> from_table;
      std::vector<Event> from_transition;
      for (int ei = 0; ei < kEventCount; ++ei) {
        const Event e = static_cast<Event>(ei);
        if (kTable[si][sd][ei].kind == Expect::kTo) from_table.push_back(e);
        if (transition(status, e, kSides[sd], full_args()).is_ok()) from_transition.push_back(e);
      }
      const std::vector<Event> allowed = allowed_events(status, kSides[sd]);
      EXPECT_EQ(allowed, from_table) << to_string(s) << " / " << to_string(kSides[sd]);
      EXPECT_EQ(allowed, from_transition) << to_string(s) << " / " << to_string(kSides[sd]);
    }
  }
}

TEST(StateMachineTest, AllowedEventsExamples) {
  EXPECT_EQ(allowed_events({State::kDraft, kResume}, Side::kRequester),
            (std::vector<Event>{Event::kSubmit, Event::kWithdraw}));
  EXPECT_TRUE(allowed_events({State::kDraft, kResume}, Side::kRequested).empty());
  EXPECT_EQ(allowed_events({State::kSubmitted, kResume}, Side::kRequested),
            (std::vector<Event>{Event::kAcknowledge, Event::kRequestInfo, Event::kRefuse}));
  EXPECT_TRUE(allowed_events({State::kClosed, kResume}, Side::kRequester).empty());
  EXPECT_TRUE(allowed_events({State::kWithdrawn, kResume}, Side::kRequested).empty());
}

TEST(StateMachineTest, ProvideInfoReturnsToTheStateBeforeNeedsInfo) {
  for (State from : {State::kSubmitted, State::kAcknowledged, State::kInProgress, State::kPreserved,
                     State::kPartiallyFulfilled}) {
    SCOPED_TRACE(to_string(from));
    EventArgs a;
    a.reason = "please give the exact login time";
    const auto asked =
        transition({from, State::kAcknowledged}, Event::kRequestInfo, Side::kRequested, a);
    ASSERT_TRUE(asked.is_ok()) << asked.status().to_string();
    EXPECT_EQ(asked->state, State::kNeedsInfo);
    EXPECT_EQ(asked->resume_state, from);
    const auto answered = transition(*asked, Event::kProvideInfo, Side::kRequester, {});
    ASSERT_TRUE(answered.is_ok()) << answered.status().to_string();
    EXPECT_EQ(answered->state, from);
  }
}

TEST(StateMachineTest, ResumeReturnsToTheStateBeforePostponed) {
  for (State from :
       {State::kAcknowledged, State::kInProgress, State::kPreserved, State::kPartiallyFulfilled}) {
    SCOPED_TRACE(to_string(from));
    EventArgs a;
    a.reason = "court order pending";
    a.until = "2026-12-24T12:00:00Z";
    const auto postponed =
        transition({from, State::kSubmitted}, Event::kPostpone, Side::kRequested, a);
    ASSERT_TRUE(postponed.is_ok()) << postponed.status().to_string();
    EXPECT_EQ(postponed->state, State::kPostponed);
    EXPECT_EQ(postponed->resume_state, from);
    const auto resumed = transition(*postponed, Event::kResume, Side::kRequested, {});
    ASSERT_TRUE(resumed.is_ok()) << resumed.status().to_string();
    EXPECT_EQ(resumed->state, from);
  }
}

TEST(StateMachineTest, DamagedResumeStateIsAnInternalError) {
  const auto a =
      transition({State::kNeedsInfo, State::kDraft}, Event::kProvideInfo, Side::kRequester, {});
  EXPECT_EQ(a.status().code(), StatusCode::kInternal);
  const auto b =
      transition({State::kNeedsInfo, State::kClosed}, Event::kProvideInfo, Side::kRequester, {});
  EXPECT_EQ(b.status().code(), StatusCode::kInternal);
  // Postponing is never done from submitted, so resuming there means a damaged record.
  const auto c =
      transition({State::kPostponed, State::kSubmitted}, Event::kResume, Side::kRequested, {});
  EXPECT_EQ(c.status().code(), StatusCode::kInternal);
}

// ---- arguments -----------------------------------------------------------------------------

Status run(State s, Event e, const EventArgs& a) {
  return transition({s, State::kInProgress}, e, owner_of(e), a).status();
}

void expect_invalid(const Status& st, const std::string& field) {
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.to_string();
  EXPECT_EQ(st.field(), field) << st.to_string();
}

TEST(StateMachineArgsTest, EventsWithoutRequiredArgumentsNeedNone) {
  const std::pair<State, Event> cases[] = {
      {State::kDraft, Event::kSubmit},       {State::kSubmitted, Event::kAcknowledge},
      {State::kAcknowledged, Event::kStart}, {State::kNeedsInfo, Event::kProvideInfo},
      {State::kPostponed, Event::kResume},   {State::kInProgress, Event::kFulfilPartially},
      {State::kInProgress, Event::kFulfil},
  };
  for (const auto& [s, e] : cases) EXPECT_TRUE(run(s, e, {}).is_ok()) << to_string(e);
}

TEST(StateMachineArgsTest, RefuseNeedsAGround) {
  expect_invalid(run(State::kInProgress, Event::kRefuse, {}), "ground");
  EventArgs a;
  a.ground = RefusalGround::kDualCriminality;
  EXPECT_TRUE(run(State::kInProgress, Event::kRefuse, a).is_ok());
  a.ground = static_cast<RefusalGround>(42);
  expect_invalid(run(State::kInProgress, Event::kRefuse, a), "ground");
}

TEST(StateMachineArgsTest, RefuseOnGroundOtherNeedsAReason) {
  EventArgs a;
  a.ground = RefusalGround::kOther;
  expect_invalid(run(State::kInProgress, Event::kRefuse, a), "reason");
  a.reason = "   \n";
  expect_invalid(run(State::kInProgress, Event::kRefuse, a), "reason");
  a.reason = "the account belongs to a diplomatic mission";
  EXPECT_TRUE(run(State::kInProgress, Event::kRefuse, a).is_ok());
}

TEST(StateMachineArgsTest, PostponeNeedsUntilAndReason) {
  EventArgs a;
  a.reason = "pending a court order";
  expect_invalid(run(State::kInProgress, Event::kPostpone, a), "until");
  a.until = "2026-12-01";
  expect_invalid(run(State::kInProgress, Event::kPostpone, a), "until");
  a.until = "2026-12-01T08:00:00+08:00";
  expect_invalid(run(State::kInProgress, Event::kPostpone, a), "until");
  a.until = "2026-12-01T00:00:00Z";
  EXPECT_TRUE(run(State::kInProgress, Event::kPostpone, a).is_ok());
  a.reason.clear();
  expect_invalid(run(State::kInProgress, Event::kPostpone, a), "reason");
}

TEST(StateMachineArgsTest, RequestInfoNeedsAReason) {
  expect_invalid(run(State::kSubmitted, Event::kRequestInfo, {}), "reason");
  EventArgs a;
  a.reason = "which time zone is the login time in?";
  EXPECT_TRUE(run(State::kSubmitted, Event::kRequestInfo, a).is_ok());
}

TEST(StateMachineArgsTest, WithdrawNeedsAReason) {
  expect_invalid(run(State::kDraft, Event::kWithdraw, {}), "reason");
  EventArgs a;
  a.reason = "suspect arrested, data no longer needed";
  EXPECT_TRUE(run(State::kDraft, Event::kWithdraw, a).is_ok());
}

TEST(StateMachineArgsTest, CloseNeedsARatingFromOneToFive) {
  expect_invalid(run(State::kFulfilled, Event::kClose, {}), "rating");
  for (int r : {-1, 0, 6, 100}) {
    EventArgs a;
    a.rating = r;
    expect_invalid(run(State::kFulfilled, Event::kClose, a), "rating");
  }
  for (int r = 1; r <= 5; ++r) {
    EventArgs a;
    a.rating = r;
    const auto got = transition({State::kFulfilled, kResume}, Event::kClose, Side::kRequester, a);
    ASSERT_TRUE(got.is_ok());
    EXPECT_EQ(got->state, State::kClosed);
  }
}

TEST(StateMachineArgsTest, ConfirmPreservedNeedsPreservedUntil) {
  expect_invalid(run(State::kAcknowledged, Event::kConfirmPreserved, {}), "preserved_until");
  EventArgs a;
  a.preserved_until = "next march";
  expect_invalid(run(State::kAcknowledged, Event::kConfirmPreserved, a), "preserved_until");
  a.preserved_until = "2027-03-01T00:00:00Z";
  EXPECT_TRUE(run(State::kAcknowledged, Event::kConfirmPreserved, a).is_ok());
  // Extending a preservation: preserved -> preserved.
  const auto extended =
      transition({State::kPreserved, kResume}, Event::kConfirmPreserved, Side::kRequested, a);
  ASSERT_TRUE(extended.is_ok());
  EXPECT_EQ(extended->state, State::kPreserved);
}

TEST(StateMachineArgsTest, AcknowledgeChecksTheRequestedReference) {
  EventArgs a;
  a.requested_ref = "US\x01-17";
  expect_invalid(run(State::kSubmitted, Event::kAcknowledge, a), "requested_ref");
  a.requested_ref = std::string(129, 'A');
  expect_invalid(run(State::kSubmitted, Event::kAcknowledge, a), "requested_ref");
  a.requested_ref = "US-2026-17";
  EXPECT_TRUE(run(State::kSubmitted, Event::kAcknowledge, a).is_ok());
}

TEST(StateMachineArgsTest, ReasonMustBeWellFormedText) {
  EventArgs a;
  a.reason = "bad \xff byte";
  expect_invalid(run(State::kDraft, Event::kWithdraw, a), "reason");
  a.reason = std::string(20001, 'x');
  expect_invalid(run(State::kDraft, Event::kWithdraw, a), "reason");
  a.reason = std::string(20000, 'x');
  EXPECT_TRUE(run(State::kDraft, Event::kWithdraw, a).is_ok());
}

TEST(StateMachineArgsTest, CheckOrderIsSideThenStateThenArguments) {
  // Wrong side, wrong state and missing arguments at once: the side wins.
  EXPECT_EQ(
      transition({State::kDraft, kResume}, Event::kClose, Side::kRequested, {}).status().code(),
      StatusCode::kPermissionDenied);
  // Right side, wrong state, missing rating: the state wins.
  const Status st =
      transition({State::kDraft, kResume}, Event::kClose, Side::kRequester, {}).status();
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.field(), "event");
  // Right side and state, missing rating: the argument is named.
  expect_invalid(
      transition({State::kRefused, kResume}, Event::kClose, Side::kRequester, {}).status(),
      "rating");
}

// ---- state properties ----------------------------------------------------------------------

TEST(StateMachineTest, StateProperties) {
  struct Row {
    State s;
    bool final_, terminal, paused;
  };
  const Row rows[] = {
      {State::kDraft, false, false, false},
      {State::kSubmitted, false, false, false},
      {State::kAcknowledged, false, false, false},
      {State::kInProgress, false, false, false},
      {State::kPreserved, false, false, false},
      {State::kNeedsInfo, false, false, true},
      {State::kPostponed, false, false, false},
      {State::kPartiallyFulfilled, false, false, false},
      {State::kFulfilled, true, false, false},
      {State::kRefused, true, false, false},
      {State::kWithdrawn, true, true, false},
      {State::kClosed, true, true, false},
  };
  ASSERT_EQ(std::size(rows), static_cast<std::size_t>(kStateCount));
  for (const Row& r : rows) {
    EXPECT_EQ(is_final(r.s), r.final_) << to_string(r.s);
    EXPECT_EQ(is_terminal(r.s), r.terminal) << to_string(r.s);
    EXPECT_EQ(clock_paused(r.s), r.paused) << to_string(r.s);
  }
}

TEST(StateMachineTest, NothingHappensAfterATerminalState) {
  for (State s : all_states()) {
    if (!is_terminal(s)) continue;
    for (Side side : kSides) {
      EXPECT_TRUE(allowed_events({s, kResume}, side).empty()) << to_string(s);
    }
  }
}

TEST(StateMachineTest, AHappyPathThroughPreservation) {
  RequestStatus st;
  EXPECT_EQ(st.state, State::kDraft);
  auto step = [&](Event e, Side side, EventArgs a = {}) {
    auto next = transition(st, e, side, a);
    ASSERT_TRUE(next.is_ok()) << to_string(e) << ": " << next.status().to_string();
    st = *next;
  };
  EventArgs preserved;
  preserved.preserved_until = "2027-02-18T00:00:00Z";
  EventArgs info;
  info.reason = "which port?";
  EventArgs rating;
  rating.rating = 5;
  step(Event::kSubmit, Side::kRequester);
  step(Event::kAcknowledge, Side::kRequested);
  step(Event::kConfirmPreserved, Side::kRequested, preserved);
  step(Event::kRequestInfo, Side::kRequested, info);
  EXPECT_TRUE(clock_paused(st.state));
  step(Event::kProvideInfo, Side::kRequester);
  EXPECT_EQ(st.state, State::kPreserved);
  step(Event::kFulfil, Side::kRequested);
  step(Event::kClose, Side::kRequester, rating);
  EXPECT_EQ(st.state, State::kClosed);
}

}  // namespace
}  // namespace liaison::model
