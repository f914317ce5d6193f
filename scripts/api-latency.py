#!/usr/bin/env python3
"""Latency of the partner API's read endpoints, and of the live feed, against a running `licensing serve`.

Usage (docs/PERFORMANCE.md):
  LICENSING_API_KEY=lic_… scripts/api-latency.py [--base http://localhost:8080] [--vault enterprise-vault.sig]
  LICENSING_API_KEY=lic_… scripts/api-latency.py --live [--sandbox http://localhost:12111]

Each endpoint is called 25 times, one request at a time (paced to stay under the default rate limit); the first 5
are warm-up. --live posts payments to the Stripe sandbox (which delivers them as signed webhooks to the server) and
times each until its `payment` event arrives on /api/vaults/{vault}/live.
"""
import argparse, json, os, statistics, threading, time, urllib.request

p = argparse.ArgumentParser()
p.add_argument('--base', default='http://localhost:8080')
p.add_argument('--vault', default='enterprise-vault.sig')
p.add_argument('--live', action='store_true')
p.add_argument('--sandbox', default='http://localhost:12111')
args = p.parse_args()
key = os.environ['LICENSING_API_KEY']
v = '/api/vaults/' + args.vault


def get(path):
    return urllib.request.urlopen(urllib.request.Request(args.base + path,
                                                         headers={'Authorization': 'Bearer ' + key}))


def endpoints():
    payment = json.load(get(v + '/payments?limit=1'))['data'][0]['paymentId']
    paths = ['/api/me', v, v + '/balances', v + '/payments?limit=50', v + '/payments/' + payment,
             v + '/payouts?limit=50', v + '/payouts/upcoming', v + '/referrals', v + '/templates',
             v + '/hosted-platforms', v + '/export-pricing', v + '/analytics', v + '/upgrade', v + '/activity?limit=50']
    medians = []
    for path in paths:
        times = []
        for _ in range(25):
            start = time.perf_counter()
            get(path).read()
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.06)
        warm = sorted(times[5:])
        medians.append(statistics.median(warm))
        name = path.replace(v, '/api/vaults/{id}').replace(payment, '{paymentId}').split('?')[0]
        print(f"{name:<44} median {medians[-1]:6.1f} ms  p90 {warm[int(0.9 * len(warm))]:6.1f} ms")
    print(f"sum of the medians (every endpoint once, one after another): {sum(medians):.0f} ms")


def live():
    stream = get(v + '/live')
    arrivals = []

    def read():
        for line in stream:
            if line.startswith(b'event: payment'):
                arrivals.append(time.perf_counter())

    threading.Thread(target=read, daemon=True).start()
    time.sleep(1)
    latencies = []
    for _ in range(10):
        seen = len(arrivals)
        start = time.perf_counter()
        body = {"amountMinor": 4900, "currency": "usd",
                "metadata": {"vault_id": args.vault, "product_type": "agent_export"}}
        urllib.request.urlopen(urllib.request.Request(args.sandbox + '/_sandbox/payments', data=json.dumps(body).encode(),
                                                      headers={'Content-Type': 'application/json'})).read()
        while len(arrivals) == seen and time.perf_counter() - start < 10:
            time.sleep(0.005)
        if len(arrivals) == seen:
            raise SystemExit('no payment event within 10 s')
        latencies.append((arrivals[-1] - start) * 1000)
        time.sleep(0.7)
    print(f"sandbox payment -> webhook -> posted -> SSE event: median {statistics.median(latencies):.0f} ms, "
          f"min {min(latencies):.0f}, max {max(latencies):.0f} (n={len(latencies)})")


live() if args.live else endpoints()
