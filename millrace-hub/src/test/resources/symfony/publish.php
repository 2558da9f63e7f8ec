<?php
// Publishes updates to a Mercure hub with the Symfony Mercure component (Debian's
// php-symfony-mercure), the publisher library that Symfony and API Platform applications use.
//
//   php publish.php HUB_URL PUBLISHER_JWT < updates.json
//
// updates.json: a JSON array of {"topics": [...], "data": "...", "private": bool, "id": "...",
// "type": "...", "retry": N}. Prints the id the hub answered for each update, one per line.
// Exits 1 with the library's message if a publish fails.

declare(strict_types=1);

require_once '/usr/share/php/Symfony/Component/Mercure/autoload.php';

use Symfony\Component\Mercure\Hub;
use Symfony\Component\Mercure\Jwt\StaticTokenProvider;
use Symfony\Component\Mercure\Update;

[, $url, $jwt] = $argv;
$hub = new Hub($url, new StaticTokenProvider($jwt));
foreach (json_decode(stream_get_contents(STDIN), true, 16, JSON_THROW_ON_ERROR) as $update) {
    try {
        echo $hub->publish(new Update(
            $update['topics'],
            $update['data'] ?? '',
            $update['private'] ?? false,
            $update['id'] ?? null,
            $update['type'] ?? null,
            $update['retry'] ?? null
        )), "\n";
    } catch (Throwable $e) {
        for ($cause = $e; $cause !== null; $cause = $cause->getPrevious()) {
            fwrite(STDERR, get_class($cause) . ': ' . $cause->getMessage() . "\n");
        }
        exit(1);
    }
}
