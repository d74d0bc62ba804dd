/*
 * The C reference subscriber of the mqtt benchmark (issue 20 item 2): Debian's libmosquitto, MQTT 5.0, a message
 * callback that only counts, no per-message output (the old `mosquitto_sub -F %U > file` reference wrote and flushed
 * once per message). The benchmark compiles it with `cc -O2 ... -lmosquitto` into its artifacts folder.
 *
 *   c-subscriber <port> <topic filter> <qos> <count> <client id> <limit seconds> <live|prepare|drain>
 *     live: clean start, subscribe, count; prepare: subscribe with a persistent session (expiry 1 h) and leave;
 *     drain: resume that session (clean start off, no SUBSCRIBE: the broker delivers what it queued) and count.
 *
 * Prints READY once the broker granted the subscription, and, after <count> messages, one line
 *   BENCH-RESULT {"task":..,"rows":N,"seconds":first-to-last,"peakMiB":VmHWM,"note":null,"cpuSeconds":utime+stime}
 * with the CPU time read from /proc/self/stat, as the harness reads it for its other out-of-process subscribers.
 */
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct state {
    const char *filter;
    int qos;
    long long count;
    long long received;
    int mode; /* 0 live, 1 prepare, 2 drain */
    struct timespec first, last;
    int failed;
};

static double seconds_between(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

/* VmHWM from /proc/self/status, in MiB; -1 when not readable. */
static double peak_mib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kib = -1;
    if (f == NULL) return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kib = strtod(line + 6, NULL);
            break;
        }
    }
    fclose(f);
    return kib < 0 ? -1 : kib / 1024.0;
}

/* utime + stime (fields 14 and 15 of proc(5)) in seconds, counted after the command name's closing parenthesis. */
static double cpu_seconds(void)
{
    FILE *f = fopen("/proc/self/stat", "r");
    char buf[1024];
    size_t n;
    char *p;
    unsigned long long utime = 0, stime = 0;
    int field;
    if (f == NULL) return -1;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    if (p == NULL) return -1;
    p += 2; /* field 3 */
    for (field = 3; field < 14 && p != NULL; field++) {
        p = strchr(p, ' ');
        if (p != NULL) p++;
    }
    if (p == NULL || sscanf(p, "%llu %llu", &utime, &stime) != 2) return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags, const mosquitto_property *props)
{
    struct state *s = obj;
    (void)flags;
    (void)props;
    if (rc != 0) {
        fprintf(stderr, "c-subscriber: connect refused: %s\n", mosquitto_reason_string(rc));
        s->failed = 1;
        mosquitto_disconnect(mosq);
        return;
    }
    if (s->mode == 2) return; /* the resumed session holds the subscription */
    if (mosquitto_subscribe_v5(mosq, NULL, s->filter, s->qos, 0, NULL) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "c-subscriber: subscribe failed\n");
        s->failed = 1;
        mosquitto_disconnect(mosq);
    }
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int qos_count, const int *granted, const mosquitto_property *props)
{
    struct state *s = obj;
    (void)mid;
    (void)props;
    if (qos_count < 1 || granted[0] > 2) {
        fprintf(stderr, "c-subscriber: the broker refused the subscription to %s\n", s->filter);
        s->failed = 1;
        mosquitto_disconnect(mosq);
        return;
    }
    printf("READY\n");
    fflush(stdout);
    if (s->mode == 1) mosquitto_disconnect(mosq);
}

/* Only counts: the clock is read for the first and the latest message, nothing is written per message. */
static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *message, const mosquitto_property *props)
{
    struct state *s = obj;
    (void)message;
    (void)props;
    clock_gettime(CLOCK_MONOTONIC, &s->last);
    if (s->received++ == 0) s->first = s->last;
    if (s->received == s->count) mosquitto_disconnect(mosq);
}

int main(int argc, char **argv)
{
    struct state s;
    struct mosquitto *mosq;
    mosquitto_property *props = NULL;
    const char *modes[] = { "live", "prepare", "drain" };
    const char *note = NULL;
    int rc;

    if (argc != 8) {
        fprintf(stderr, "usage: c-subscriber <port> <filter> <qos> <count> <client id> <limit seconds> <live|prepare|drain>\n");
        return 64;
    }
    memset(&s, 0, sizeof s);
    s.filter = argv[2];
    s.qos = atoi(argv[3]);
    s.count = atoll(argv[4]);
    s.mode = strcmp(argv[7], "prepare") == 0 ? 1 : strcmp(argv[7], "drain") == 0 ? 2 : 0;
    /* A hang guard only: the harness has its own limit and stops the process by its pid. */
    alarm((unsigned)atoi(argv[6]));

    mosquitto_lib_init();
    /* clean_session is MQTT 5's Clean Start: off only when resuming the prepared session. */
    mosq = mosquitto_new(argv[5], s.mode != 2, &s);
    if (mosq == NULL) {
        fprintf(stderr, "c-subscriber: mosquitto_new failed\n");
        return 1;
    }
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_connect_v5_callback_set(mosq, on_connect);
    mosquitto_subscribe_v5_callback_set(mosq, on_subscribe);
    mosquitto_message_v5_callback_set(mosq, on_message);
    if (s.mode != 0) mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 3600);
    rc = mosquitto_connect_bind_v5(mosq, "127.0.0.1", atoi(argv[1]), 60, NULL, props);
    mosquitto_property_free_all(&props);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "c-subscriber: connect failed: %s\n", mosquitto_strerror(rc));
        return 1;
    }
    mosquitto_loop_forever(mosq, -1, 1);
    if (s.failed) return 1;
    if (s.mode != 1 && s.received < s.count) note = "incomplete";
    printf("BENCH-RESULT {\"task\":\"libmosquitto-q%d-%s\",\"rows\":%lld,\"seconds\":%.9f,\"peakMiB\":%.3f,\"note\":%s,\"cpuSeconds\":%.3f}\n",
        s.qos, modes[s.mode], s.received, s.received > 0 ? seconds_between(s.first, s.last) : 0.0, peak_mib(),
        note == NULL ? "null" : "\"incomplete\"", cpu_seconds());
    fflush(stdout);
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    return 0;
}
