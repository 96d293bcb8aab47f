// Load for bench/failover_drill.sh: N threads, each with its own libpq connection made from a
// multi-host connection string (target_session_attrs=read-write), log in (lucia_validate_key),
// create a session and validate it, over and over, for a fixed time. A call that fails drops the
// connection and reconnects, as an application's pool would. Each acknowledged session id (the
// create_session call returned it, so its commit was acknowledged) goes to <out>/acked.txt for
// the drill to look up on the new primary.
//   failover_client <conninfo> <clients> <seconds> <out directory> <kill-time file>
// The kill-time file appears (with the time of the kill, seconds since the epoch) when the drill
// kills the primary; the client then measures, per thread, the first call that succeeds after it.
// Prints one line: calls_ok failed_calls refused_connects unexpected lost_on_validate recovery_seconds
// (failed calls: sent and not answered; refused connects: attempts while no node took writes;
// recovery_seconds -1: a client never worked again before the end).
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

// Wall-clock seconds, comparable with `date +%s.%N` in the drill script.
double now_seconds() {
    using namespace std::chrono;
    return duration_cast<duration<double>>(system_clock::now().time_since_epoch()).count();
}

// The kill time once the drill has written it, or 0.
double kill_time(const std::string &path) {
    std::ifstream in(path);
    double t = 0;
    if (in >> t) return t;
    return 0;
}

struct Totals {
    std::atomic<long> ok{0}, failed{0}, refused_connects{0}, unexpected{0}, lost{0};
    std::mutex lock;
    double worst_recovery = 0;     // the latest first-success-after-kill over all threads
    bool never_recovered = false;  // a thread had no success after the kill
    std::ofstream acked;
};

// One call with text parameters; true if it returned a row. A failed call is counted; a
// connection error or a read-only answer (the old primary, demoted) closes the connection.
bool call(PGconn *&conn, Totals &totals, const char *sql, std::vector<const char *> params, std::string *value) {
    PGresult *res =
        PQexecParams(conn, sql, static_cast<int>(params.size()), nullptr, params.data(), nullptr, nullptr, 0);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (ok && value) *value = PQgetvalue(res, 0, 0);
    if (!ok) {
        totals.failed++;
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        std::string sqlstate = state ? state : "";
        // Connection lost (no SQLSTATE or class 08), shutdown (57P), read-only (25006): all the
        // switch's doing. Anything else is a real error and is reported.
        bool switching = PQstatus(conn) != CONNECTION_OK || sqlstate.empty() || sqlstate.rfind("08", 0) == 0 ||
                         sqlstate.rfind("57P", 0) == 0 || sqlstate == "25006";
        if (!switching) {
            totals.unexpected++;
            std::fprintf(stderr, "unexpected error %s: %s", sqlstate.c_str(), PQerrorMessage(conn));
        }
        PQfinish(conn);
        conn = nullptr;
    }
    PQclear(res);
    return ok;
}

// One client: the loop of login, create, validate until the deadline.
void client(int index, const std::string &conninfo, double deadline, const std::string &kill_file, Totals &totals) {
    std::string user = "drill" + std::to_string(index);
    PGconn *conn = nullptr;
    double recovered = 0;
    while (now_seconds() < deadline) {
        double started = now_seconds();
        if (!conn) {
            conn = PQconnectdb(conninfo.c_str());
            if (PQstatus(conn) != CONNECTION_OK) {
                PQfinish(conn);
                conn = nullptr;
                totals.refused_connects++;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
        }
        std::string session, state;
        if (!call(conn, totals, "SELECT user_id FROM lucia_validate_key('username', $1, 'drill-password')",
                  {user.c_str()}, nullptr))
            continue;
        if (!call(conn, totals, "SELECT session_id FROM lucia_create_session($1)", {user.c_str()}, &session)) continue;
        {
            std::lock_guard<std::mutex> guard(totals.lock);
            totals.acked << session << '\n';
        }
        if (!call(conn, totals, "SELECT state FROM lucia_validate_session($1)", {session.c_str()}, &state)) continue;
        if (state != "active") totals.lost++;
        totals.ok += 3;
        double killed = recovered == 0 ? kill_time(kill_file) : 0;
        if (killed > 0 && started > killed) recovered = now_seconds() - killed;
    }
    if (conn) PQfinish(conn);
    std::lock_guard<std::mutex> guard(totals.lock);
    if (recovered > totals.worst_recovery) totals.worst_recovery = recovered;
    if (recovered == 0 && kill_time(kill_file) > 0) totals.never_recovered = true;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s conninfo clients seconds out-directory kill-time-file\n", argv[0]);
        return 2;
    }
    std::string conninfo = argv[1], out = argv[4], kill_file = argv[5];
    int clients = std::atoi(argv[2]);
    double deadline = now_seconds() + std::atof(argv[3]);
    Totals totals;
    totals.acked.open(out + "/acked.txt");
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; i++) threads.emplace_back(client, i, conninfo, deadline, kill_file, std::ref(totals));
    for (auto &t : threads) t.join();
    totals.acked.flush();
    std::printf("%ld %ld %ld %ld %ld %.2f\n", totals.ok.load(), totals.failed.load(), totals.refused_connects.load(),
                totals.unexpected.load(), totals.lost.load(), totals.never_recovered ? -1.0 : totals.worst_recovery);
    return 0;
}
